using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.Sweeps;
using Saliency.Telemetry;

namespace Saliency.Grains;

/// <summary>
/// Runs one sweep (key: the sweep id). The durable state is the results storage: the manifest (spec, resolved
/// samples, state) and one result per finished shard, so the set of shards still to compute is always "all shards
/// minus the persisted ones" (resume is a set difference). The grain is reentrant: status calls interleave with the
/// scheduling loop, which runs as a background task on the grain's scheduler (one thread at a time, state changes
/// only between awaits). When a silo dies, calls to its work grains fail and those shards are retried elsewhere, up
/// to <see cref="SweepSpec.MaxAttempts"/> attempts; when this grain's own silo dies, the next call (e.g. a status
/// poll) re-activates it elsewhere and, because the manifest says Running, it continues where storage left off.
/// While a run is in progress the sweep is reported in the sweep-progress gauges (<see cref="SaliencyMetrics.Sweeps"/>,
/// samples done and in total, read from fields the scheduling loop updates); it is removed when the run ends.
/// </summary>
[Reentrant]
public sealed class SweepGrain(IResultStore store, WorkerSilos workerSilos, ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    /// <summary>
    /// Shards in flight per GPU silo: one computing and one queued behind it, so the device never waits for the
    /// round trip of the next shard, while the rest stay here to go to whichever silo frees up first.
    /// </summary>
    public const int ShardsPerSilo = 2;

    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan InfrastructureBackoff = TimeSpan.FromMilliseconds(500);
    private const int MaxInfrastructureRetries = 20;

    private readonly List<ShardTracker> _shards = [];
    private readonly Stopwatch _clock = new();
    private SweepManifest? _manifest;
    private CancellationTokenSource? _cancel;
    private Task? _run;
    private IGrainTimer? _keepAlive;
    private int _retries;
    private int _computedThisRun;
    private long _progressDone;
    private long _progressTotal;
    private IDisposable? _progressRegistration;

    private string SweepId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _manifest = await store.ReadManifestAsync(SweepId, cancellationToken);
        if (_manifest?.State == SweepState.Running)
        {
            logger.LogInformation("Sweep {SweepId} was running when its previous activation was lost; continuing", SweepId);
            StartRun();
        }
        else if (_manifest?.Samples is not null)
        {
            // A finished, cancelled or failed sweep after a restart: its status counts the persisted shards.
            await LoadShards(cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _progressRegistration?.Dispose();
        _progressRegistration = null;
        return Task.CompletedTask;
    }

    public async Task<SweepStatus> Submit(SweepSpec spec)
    {
        if (spec.SweepId != SweepId)
        {
            throw new ArgumentException($"spec of sweep {spec.SweepId} submitted to sweep {SweepId}", nameof(spec));
        }

        _manifest ??= await store.ReadManifestAsync(SweepId);
        if (_manifest is not null && _manifest.Spec.ContentHash != spec.ContentHash)
        {
            throw new InvalidOperationException(
                $"sweep {SweepId} already exists with different content (hash {_manifest.Spec.ContentHash[..12]} vs {spec.ContentHash[..12]}); rename the sweep to start a new one");
        }

        if (_run is { IsCompleted: false })
        {
            return Status();
        }

        var now = DateTimeOffset.UtcNow;
        _manifest = _manifest is null
            ? new SweepManifest(spec, null, SweepState.Running, null, now, now)
            : _manifest with { Spec = spec, State = SweepState.Running, Message = null, Updated = now };
        await store.WriteManifestAsync(_manifest);
        StartRun();
        return Status();
    }

    public async Task<SweepStatus> Resume()
    {
        var manifest = _manifest ?? await store.ReadManifestAsync(SweepId)
            ?? throw new KeyNotFoundException($"no sweep '{SweepId}' in the results storage");
        return await Submit(manifest.Spec);
    }

    public async Task<SweepStatus> Cancel()
    {
        if (_run is { IsCompleted: false })
        {
            await _cancel!.CancelAsync();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                logger.LogWarning("Sweep {SweepId}: shards still winding down after cancel", SweepId);
            }
        }

        if (_manifest is not null && _manifest.State == SweepState.Running)
        {
            await SaveState(SweepState.Cancelled, "cancelled by the user");
        }

        return _manifest is null ? throw new KeyNotFoundException($"no sweep '{SweepId}'") : Status();
    }

    public Task<SweepStatus> GetStatus() =>
        _manifest is null ? throw new KeyNotFoundException($"no sweep '{SweepId}'") : Task.FromResult(Status());

    public async Task<SweepResults> GetResults()
    {
        var manifest = _manifest ?? throw new KeyNotFoundException($"no sweep '{SweepId}'");
        var aggregates = await Task.WhenAll(manifest.Spec.Trials.Select(t =>
            GrainFactory.GetGrain<ITrialAggregatorGrain>(ITrialAggregatorGrain.KeyOf(SweepId, t.TrialId)).Get(t, manifest.Spec.Normalisations)));
        return new SweepResults(SweepId, manifest.State, manifest.Spec.Normalisations, aggregates);
    }

    public Task<IReadOnlyList<ShardResult>> GetShardResults(string trialId) => store.ReadShardsAsync(SweepId, trialId);

    private void StartRun()
    {
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _retries = 0;
        _computedThisRun = 0;
        _clock.Restart();
        Volatile.Write(ref _progressDone, 0);
        Volatile.Write(ref _progressTotal, 0);
        var role = ServiceProvider.GetService<SiloTelemetryRole>()?.Name ?? SiloTelemetryRole.Unknown;
        _progressRegistration ??= SaliencyMetrics.Sweeps.Add((role, new SweepProgressProbe(
            () => Volatile.Read(ref _progressDone), () => Volatile.Read(ref _progressTotal))));
        _keepAlive ??= this.RegisterGrainTimer(
            _ => Task.CompletedTask,
            new GrainTimerCreationOptions(KeepAlivePeriod, KeepAlivePeriod) { KeepAlive = true, Interleave = true });
        _run = RunAsync(_cancel.Token);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await PrepareShards(ct);
            await Schedule(ct);
            if (ct.IsCancellationRequested)
            {
                return;
            }

            var failed = _shards.Count(s => s.Phase == ShardPhase.Failed);
            await SaveState(
                failed == 0 ? SweepState.Completed : SweepState.Failed,
                failed == 0 ? null : $"{failed} shard(s) failed after {_manifest!.Spec.MaxAttempts} attempt(s)");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancel() records the state.
        }
        catch (Exception e) when (IsLostActivation(e))
        {
            // This activation was invalidated (its silo was declared dead or is shutting down) while the loop ran:
            // the sweep is not failed; the manifest keeps saying Running, so the next activation continues it.
            logger.LogWarning("Sweep {SweepId}: activation lost ({Error}); leaving the sweep to the next activation", SweepId, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Sweep {SweepId} failed", SweepId);
            await SaveState(SweepState.Failed, e.Message);
        }
        finally
        {
            _progressRegistration?.Dispose();
            _progressRegistration = null;
            _clock.Stop();
            _keepAlive?.Dispose();
            _keepAlive = null;
        }
    }

    private async Task PrepareShards(CancellationToken ct)
    {
        var manifest = _manifest!;
        if (manifest.Samples is null)
        {
            var resolver = GrainFactory.GetGrain<ISampleResolverGrain>(SweepId);
            var samples = await resolver.Resolve(manifest.Spec.DataPath, manifest.Spec.ModelPath, manifest.Spec.Samples);
            if (samples.Count == 0)
            {
                throw new InvalidOperationException("the sample selection is empty");
            }

            _manifest = manifest = manifest with { Samples = samples.ToArray(), Updated = DateTimeOffset.UtcNow };
            await store.WriteManifestAsync(manifest, ct);
        }

        await LoadShards(ct);
    }

    /// <summary>One tracker per (trial, shard) of the manifest; those with a persisted result are done.</summary>
    private async Task LoadShards(CancellationToken ct)
    {
        var manifest = _manifest!;
        var stored = (await store.ReadShardsAsync(SweepId, null, ct)).ToDictionary(r => r.Key);
        var shards = new List<ShardTracker>();
        for (var index = 0; index < manifest.ShardsPerTrial; index++)
        {
            var count = manifest.ShardSamples(index).Count;
            foreach (var trial in manifest.Spec.Trials)
            {
                var tracker = new ShardTracker(new ShardKey(SweepId, trial.TrialId, index), trial, count);
                if (stored.TryGetValue(tracker.Key, out var result))
                {
                    tracker.Phase = ShardPhase.Done;
                    tracker.Result = result;
                }

                shards.Add(tracker);
            }
        }

        // Swapped in after the read, so status calls interleaving with it see the previous counts, never zeros.
        _shards.Clear();
        _shards.AddRange(shards);

        PublishProgress();
    }

    /// <summary>
    /// Dispatches the pending shards, longest first (<see cref="TrialCost"/>), each to the GPU silo with the fewest of
    /// this sweep's shards in flight (at most <see cref="ShardsPerSilo"/> each, and <see cref="SweepSpec.MaxConcurrentShards"/>
    /// in all), through Orleans' placement hint: in effect every silo pulls its next shard when one finishes, so a
    /// faster or less loaded silo gets more of the work and no silo idles while shards wait. With no GPU silo known
    /// the shard is placed without a hint (and fails there, as work never runs on a CPU-only silo).
    /// </summary>
    private async Task Schedule(CancellationToken ct)
    {
        var spec = _manifest!.Spec;
        var workType = GrainFactory.GetGrain<IShardWorkGrain>(SweepId).GetGrainId().Type;
        var queue = new PriorityQueue<ShardTracker, (double Cost, int Order)>();
        var order = 0;
        void Enqueue(ShardTracker shard) => queue.Enqueue(shard, (-TrialCost.PerSample(shard.Trial) * shard.SampleCount, order++));
        foreach (var shard in _shards.Where(s => s.Phase == ShardPhase.Pending))
        {
            Enqueue(shard);
        }

        var delayed = new List<(DateTime Ready, ShardTracker Shard)>();
        var running = new Dictionary<Task<ShardResult>, (ShardTracker Shard, SiloAddress? Silo)>();
        var inFlight = new Dictionary<SiloAddress, int>();
        while (!ct.IsCancellationRequested && (queue.Count > 0 || running.Count > 0 || delayed.Count > 0))
        {
            PublishProgress();
            var now = DateTime.UtcNow;
            foreach (var ready in delayed.Where(d => d.Ready <= now).ToList())
            {
                delayed.Remove(ready);
                Enqueue(ready.Shard);
            }

            IReadOnlyList<SiloAddress>? silos = null; // read once per dispatch round, only when there is something to send
            while (running.Count < spec.MaxConcurrentShards && queue.Count > 0 && !ct.IsCancellationRequested)
            {
                silos ??= workerSilos.Hosting(workType);
                var silo = WorkerSilos.LeastLoaded(silos, s => inFlight.GetValueOrDefault(s), ShardsPerSilo);
                if (silo is null && silos.Count > 0)
                {
                    break; // every GPU silo has its fill: wait for a shard to finish
                }

                var shard = queue.Dequeue();
                shard.Phase = ShardPhase.Running;
                shard.Attempts++;
                if (silo is not null)
                {
                    inFlight[silo] = inFlight.GetValueOrDefault(silo) + 1;
                }

                running.Add(RunShard(shard, silo, ct), (shard, silo));
            }

            var waits = new List<Task>(running.Keys);
            if (delayed.Count > 0)
            {
                waits.Add(Task.Delay(delayed.Min(d => d.Ready) - now + TimeSpan.FromMilliseconds(1), ct));
            }

            if (waits.Count == 0)
            {
                break;
            }

            var finished = await Task.WhenAny(waits);
            if (finished is not Task<ShardResult> work || !running.Remove(work, out var entry))
            {
                continue;
            }

            var tracker = entry.Shard;
            if (entry.Silo is not null)
            {
                inFlight[entry.Silo]--;
            }

            try
            {
                var result = await work;
                tracker.Result = result;
                tracker.Phase = ShardPhase.Done;
                _computedThisRun += result.Samples.Count;
                await AddToAggregator(result);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && IsInfrastructureFailure(e) && tracker.InfrastructureRetries < MaxInfrastructureRetries)
            {
                // The silo went away or could not be reached: not the shard's fault, so no attempt is used up, but
                // wait (membership needs a moment to declare a dead silo) before placing the shard again.
                tracker.InfrastructureRetries++;
                tracker.Attempts--;
                tracker.LastError = e.Message;
                tracker.Phase = ShardPhase.Pending;
                _retries++;
                logger.LogWarning("Shard {Shard}: {Error}; rescheduling", tracker.Key, e.Message);
                delayed.Add((DateTime.UtcNow + InfrastructureBackoff * Math.Min(tracker.InfrastructureRetries, 4), tracker));
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                tracker.LastError = e.Message;
                if (tracker.Attempts < spec.MaxAttempts)
                {
                    logger.LogWarning("Shard {Shard} attempt {Attempt} failed ({Error}); retrying", tracker.Key, tracker.Attempts, e.Message);
                    tracker.Phase = ShardPhase.Pending;
                    _retries++;
                    Enqueue(tracker);
                }
                else
                {
                    logger.LogError("Shard {Shard} failed after {Attempts} attempts: {Error}", tracker.Key, tracker.Attempts, e.Message);
                    tracker.Phase = ShardPhase.Failed;
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                tracker.Phase = ShardPhase.Pending;
            }
        }

        // Cancelled: let the shards in flight wind down (their calls carry the cancellation), so that nothing of this
        // sweep still runs when Cancel returns. A shard that finished anyway is persisted and counts on resume.
        await Task.WhenAny(Task.WhenAll(running.Keys), Task.Delay(CancelGrace));
        foreach (var (task, entry) in running)
        {
            entry.Shard.Phase = ShardPhase.Pending;
            _ = task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Orleans' runtime refuses calls from an activation it has invalidated with an <see cref="InvalidOperationException"/>
    /// ("Attempt to access an invalid activation"); there is no dedicated exception type to test for.
    /// </summary>
    private static bool IsLostActivation(Exception e) =>
        (e is InvalidOperationException && e.Message.StartsWith("Attempt to access an invalid activation", StringComparison.Ordinal))
        || (e.InnerException is not null && IsLostActivation(e.InnerException));

    /// <summary>Failures of the cluster rather than of the computation: a dead or unreachable silo, a lost message.</summary>
    private static bool IsInfrastructureFailure(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or TimeoutException
            or GatewayTooBusyException
        || (e.InnerException is not null && IsInfrastructureFailure(e.InnerException));

    /// <summary>
    /// Calls the shard's work grain; with a <paramref name="silo"/>, a new activation is placed there (the placement
    /// hint is read when the call's message is made, and removed again so no other call of this grain carries it).
    /// </summary>
    private Task<ShardResult> RunShard(ShardTracker shard, SiloAddress? silo, CancellationToken ct)
    {
        var m = _manifest!;
        var work = new ShardWork(shard.Key, shard.Trial, m.Spec.DataPath, m.Spec.ModelPath, m.ShardSamples(shard.Key.Index), m.Spec.Normalisations, shard.Attempts);
        var grain = GrainFactory.GetGrain<IShardWorkGrain>(shard.Key.GrainKey);
        if (silo is null)
        {
            return grain.Run(work, ct);
        }

        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return grain.Run(work, ct);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>
    /// Best effort: the result is already persisted and the aggregator catches up from storage when asked, so a lost
    /// aggregator activation (its silo died) must not fail the sweep.
    /// </summary>
    private async Task AddToAggregator(ShardResult result)
    {
        try
        {
            await Aggregator(result.Key).Add(result);
        }
        catch (Exception e)
        {
            logger.LogWarning("Aggregator of {Shard} unreachable ({Error}); it will reload from storage", result.Key, e.Message);
        }
    }

    private ITrialAggregatorGrain Aggregator(ShardKey key) =>
        GrainFactory.GetGrain<ITrialAggregatorGrain>(ITrialAggregatorGrain.KeyOf(key.SweepId, key.TrialId));

    private async Task SaveState(SweepState state, string? message)
    {
        _manifest = _manifest! with { State = state, Message = message, Updated = DateTimeOffset.UtcNow };
        await store.WriteManifestAsync(_manifest);
    }

    /// <summary>Copies samples done (finished or failed shards) and in total to the fields the progress gauges read.</summary>
    private void PublishProgress()
    {
        var m = _manifest!;
        Volatile.Write(ref _progressTotal, m.Samples is null ? 0L : (long)m.Samples.Count * m.Spec.Trials.Count);
        Volatile.Write(ref _progressDone, _shards.Where(s => s.Phase is ShardPhase.Done or ShardPhase.Failed).Sum(s => (long)s.SampleCount));
    }

    private SweepStatus Status()
    {
        var m = _manifest!;
        var trialCount = m.Spec.Trials.Count;
        var samplesTotal = m.Samples is null ? 0 : m.Samples.Count * trialCount;
        int done = 0, failed = 0, skipped = 0;
        foreach (var s in _shards)
        {
            if (s.Phase == ShardPhase.Done)
            {
                done += s.SampleCount;
                failed += s.Result!.Samples.Count(x => x.Outcome == SampleOutcome.Failed);
                skipped += s.Result!.Samples.Count(x => x.Outcome == SampleOutcome.Skipped);
            }
            else if (s.Phase == ShardPhase.Failed)
            {
                done += s.SampleCount;
                failed += s.SampleCount;
            }
        }

        var trials = m.Spec.Trials.Select(t =>
        {
            var shards = _shards.Where(s => s.Trial.TrialId == t.TrialId).ToList();
            var finished = shards.Where(s => s.Phase is ShardPhase.Done or ShardPhase.Failed).ToList();
            return new TrialProgress(t.TrialId, t.VariantId, finished.Count, m.ShardsPerTrial, finished.Sum(s => s.SampleCount), m.Samples?.Count ?? 0);
        }).ToList();

        var workers = _shards
            .Where(s => s.Phase == ShardPhase.Done && s.Result!.Silo.Length > 0)
            .GroupBy(s => (s.Result!.Silo, s.Result.Device))
            .Select(g => new WorkerUsage(g.Key.Silo, g.Key.Device, 0, g.Count()))
            .OrderBy(w => w.Silo, StringComparer.Ordinal)
            .ToList();

        var failures = _shards
            .Where(s => s.Phase == ShardPhase.Failed)
            .Select(s => new ShardFailure(s.Key, s.Attempts, s.LastError ?? "unknown"))
            .ToList();

        return new SweepStatus(
            SweepId,
            m.Spec.Name,
            m.State,
            samplesTotal,
            done,
            failed,
            skipped,
            m.ShardsPerTrial * trialCount,
            _shards.Count(s => s.Phase == ShardPhase.Done),
            _shards.Count(s => s.Phase == ShardPhase.Running),
            _retries,
            _computedThisRun,
            _clock.Elapsed.TotalSeconds,
            trials,
            workers,
            failures,
            m.Message);
    }
}
