using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;
using Saliency.Contracts;
using Saliency.Grains.Scheduling;
using Saliency.Grains.Storage;
using Saliency.Sweeps;
using Saliency.Telemetry;

namespace Saliency.Grains;

/// <summary>
/// Runs one sweep (key: the sweep id): its life cycle (submit, resume, cancel, state in the manifest) and the calls
/// of its shards. Which shard runs next and where is decided by a <see cref="ShardScheduler{TWorker}"/> (a plain
/// class) on the slots the cluster's <see cref="IPoolLedgerGrain"/> grants (per-silo limit across sweeps, fair
/// shares); the status is projected by <see cref="SweepStatusProjection"/>; results belong to the result store (the
/// truth) and the trial aggregators, the grain keeps only each shard's tracker. The set of shards still to compute
/// is always "all shards minus the persisted ones" (resume is a set difference). The grain is reentrant: status
/// calls interleave with the scheduling loop, which runs as a background task on the grain's scheduler (one thread
/// at a time, state changes only between awaits). When a silo dies, calls to its work grains fail and those shards
/// are placed again elsewhere; when this grain's own silo dies, the next call or the sweep's wake-up reminder
/// (<see cref="SweepWakeUpOptions"/>, held while the sweep runs) re-activates it elsewhere and, because the manifest
/// says Running, it continues where storage left off. While a run is in
/// progress the sweep is reported in the sweep-progress gauges (<see cref="SaliencyMetrics.Sweeps"/>).
/// </summary>
[Reentrant]
public sealed class SweepGrain(IResultStore store, WorkerSilos workerSilos, IOptions<SweepWakeUpOptions> wakeUp, ILogger<SweepGrain> logger)
    : Grain, ISweepGrain, IRemindable
{
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(8);
    private static readonly PoolLedgerOptions PoolOptions = new();
    private static readonly TimeSpan ClusterRetryLimit = TimeSpan.FromMinutes(2);

    private readonly List<ShardTracker> _shards = [];
    private readonly Dictionary<ShardKey, string> _runningOn = [];
    private readonly Stopwatch _clock = new();
    private readonly FailureStreak _ledgerFailures = new(TimeSpan.FromSeconds(10));
    private SweepManifest? _manifest;
    private CancellationTokenSource? _cancel;
    private Task? _run;
    private IGrainTimer? _keepAlive;
    private ShardScheduler<Worker>? _scheduler;
    private int _computedThisRun;
    private long _progressDone;
    private long _progressTotal;
    private IDisposable? _progressRegistration;

    private string SweepId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _manifest = await store.ReadManifestAsync(SweepId, cancellationToken);
        logger.LogInformation("Sweep {SweepId} activated on silo {Silo} ({State})", SweepId, ServiceProvider.GetService<ILocalSiloDetails>()?.Name, _manifest?.State.ToString() ?? "new");
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

    /// <summary>The wake-up reminder's tick: the activation it created has already continued a running sweep.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SweepWakeUpOptions.ReminderName)
        {
            return;
        }

        if (_manifest?.State != SweepState.Running)
        {
            await DropWakeUp();
        }
        else if (_run is null or { IsCompleted: true })
        {
            logger.LogInformation("Sweep {SweepId}: woken by its reminder with no run in progress; continuing", SweepId);
            StartRun();
        }
    }

    public Task<SweepStatus> GetStatus() =>
        _manifest is null ? throw new KeyNotFoundException($"no sweep '{SweepId}'") : Task.FromResult(Status());

    public Task<SweepSpec> GetSpec() =>
        _manifest is null ? throw new KeyNotFoundException($"no sweep '{SweepId}'") : Task.FromResult(_manifest.Spec);

    public async Task<SweepResults> GetResults()
    {
        var manifest = _manifest ?? throw new KeyNotFoundException($"no sweep '{SweepId}'");
        var aggregates = await Task.WhenAll(manifest.Spec.Trials.Select(t =>
            GrainFactory.GetGrain<ITrialAggregatorGrain>(ITrialAggregatorGrain.KeyOf(SweepId, t.TrialId)).Get(t, manifest.Spec.Normalisations)));
        return new SweepResults(SweepId, manifest.State, manifest.Spec.Normalisations, aggregates);
    }

    public Task<IReadOnlyList<ShardResult>> GetShardResults(string trialId) => store.ReadShardsAsync(SweepId, trialId);

    public Task<IReadOnlyList<string>> ListArtifacts(string prefix) => store.ListArtifactsAsync(SweepId, prefix);

    public Task<byte[]?> GetArtifact(string name) => store.ReadArtifactAsync(SweepId, name);

    private void StartRun()
    {
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _scheduler = null;
        _runningOn.Clear();
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
            await HoldWakeUp();
            await PrepareShards(ct);
            await Schedule(ct);
            if (ct.IsCancellationRequested)
            {
                return;
            }

            var failed = _shards.Count(s => s.Phase == ShardPhase.Failed);
            var unfinished = _shards.Count(s => s.Phase != ShardPhase.Done) - failed;
            await SaveState(
                failed + unfinished == 0 ? SweepState.Completed : SweepState.Failed,
                failed + unfinished == 0 ? null
                    : unfinished > 0 ? $"{unfinished} shard(s) have no result although nothing is left to run (a bug: please report it); resume retries them"
                    : $"{failed} shard(s) failed after {_manifest!.Spec.MaxAttempts} attempt(s)");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancel() records the state.
        }
        catch (Exception e) when (ClusterFailures.IsLostActivation(e))
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
            var samples = await RetryOnCluster(() => resolver.Resolve(manifest.Spec.DataPath, manifest.Spec.ModelPath, manifest.Spec.Samples), ct);
            if (samples.Count == 0)
            {
                throw new InvalidOperationException("the sample selection is empty");
            }

            _manifest = manifest = manifest with { Samples = samples.ToArray(), Updated = DateTimeOffset.UtcNow };
            await store.WriteManifestAsync(manifest, ct);
        }

        if (await store.ReadArtifactAsync(SweepId, SweepArtifacts.Table1, ct) is null
            && await RetryOnCluster(() => GrainFactory.GetGrain<ISampleResolverGrain>(SweepId).DatasetComposition(manifest.Spec.DataPath), ct) is { } table1)
        {
            await store.WriteArtifactAsync(SweepId, SweepArtifacts.Table1, System.Text.Encoding.UTF8.GetBytes(table1), ct);
        }

        await LoadShards(ct);
        await MaterializeDerived(ct);
    }

    /// <summary>
    /// A call to the resolver grain (on a GPU silo), made again while it fails for the cluster's sake: after a silo
    /// died, calls to the activations it held fail until membership declares it dead (seconds to tens of seconds),
    /// and a sweep resumed or continued in that time must not fail for it. Other errors, and a cluster still failing
    /// after <see cref="ClusterRetryLimit"/>, end the run as before.
    /// </summary>
    private async Task<T> RetryOnCluster<T>(Func<Task<T>> call, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ClusterRetryLimit;
        var failures = new FailureStreak(TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                var answer = await call();
                if (failures.Succeeded(DateTime.UtcNow) is { } ended)
                {
                    logger.LogInformation("Sweep {SweepId}: sample resolver reached after {Failures} failed call(s) in {Seconds:F1} s", SweepId, ended.Failures, ended.Duration.TotalSeconds);
                }

                return answer;
            }
            catch (Exception e) when (ClusterFailures.IsInfrastructure(e) && DateTime.UtcNow < deadline)
            {
                if (failures.Failed(DateTime.UtcNow) is { } streak)
                {
                    logger.LogWarning(
                        "Sweep {SweepId}: sample resolver unreachable ({Error}; {Failures} failed call(s) in {Seconds:F0} s); trying again every second",
                        SweepId, e.Message, streak.Failures, streak.Duration.TotalSeconds);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>One tracker per (trial, shard) of the manifest; those with a persisted result are done.</summary>
    private async Task LoadShards(CancellationToken ct)
    {
        var manifest = _manifest!;
        var stored = (await store.ReadShardsAsync(SweepId, null, ct)).ToDictionary(r => r.Key);
        var references = BatchingReferences.Of(manifest.Spec);
        var shards = new List<ShardTracker>();
        for (var index = 0; index < manifest.ShardsPerTrial; index++)
        {
            var count = manifest.ShardSamples(index).Count;
            foreach (var trial in manifest.Spec.Trials)
            {
                var tracker = new ShardTracker(new ShardKey(SweepId, trial.TrialId, index), trial, count);
                if (stored.TryGetValue(tracker.Key, out var result))
                {
                    tracker.LoadedFromStore(result);
                }
                else if (references.TryGetValue(trial.TrialId, out var reference) && !DerivedShards.IsTimed(manifest.Spec, index))
                {
                    tracker.DeriveFrom(new ShardKey(SweepId, reference.TrialId, index));
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
    /// Runs the scheduler's dispatches until every shard is done or failed (or the run is cancelled): each round asks
    /// the pool's ledger for slots (what the sweep holds, what it could start), places shards on exactly the slots
    /// granted, calls each on its GPU silo through Orleans' placement hint, and reports each end back to the
    /// scheduler. A round runs when a shard ends, when a back-off ends, every <see cref="PoolLedgerOptions.Poll"/>
    /// while slots it wants were denied, and at least every <see cref="PoolLedgerOptions.Heartbeat"/>; at the end the
    /// sweep's slots are released.
    /// </summary>
    private async Task Schedule(CancellationToken ct)
    {
        var spec = _manifest!.Spec;
        var workType = GrainFactory.GetGrain<IShardWorkGrain>(SweepId).GetGrainId().Type;
        var scheduler = new ShardScheduler<Worker>(
            _shards,
            new SchedulerOptions { MaxConcurrent = spec.MaxConcurrentShards, MaxAttempts = spec.MaxAttempts },
            shard => TrialCost.PerSample(shard.Trial, spec.Metrics) * shard.SampleCount);
        _scheduler = scheduler;
        var works = new ShardWorkFactory(_manifest);
        var running = new Dictionary<Task<ShardResult>, (ShardTracker Shard, Worker? Silo)>();
        var ended = new List<ShardResult>();
        Task? tick = null;
        var lastAsked = DateTime.MinValue;
        while (!ct.IsCancellationRequested && scheduler.HasWork)
        {
            PublishProgress();
            var live = workerSilos.Devices(workType);
            var now = DateTime.UtcNow;
            var wanted = scheduler.Wanted(now);
            var starved = false;
            if (live.Count == 0)
            {
                Start(scheduler.Dispatch(live, now)); // no GPU silo: the shards fail there and are placed again later
            }
            else if (wanted > 0 || now - lastAsked >= PoolOptions.Heartbeat)
            {
                // The pool's ledger grants slots across every running sweep (per-worker limit, fair share); asked at
                // least every heartbeat while the sweep runs, so that it knows what this sweep holds.
                var granted = await AskPool(scheduler.Held, wanted, live);
                lastAsked = DateTime.UtcNow;
                if (ct.IsCancellationRequested)
                {
                    break;
                }

                Start(scheduler.DispatchOnto(granted, DateTime.UtcNow));
                starved = granted.Count < wanted;
            }

            // The results taken in since the last round go to their aggregators now, after the freed slots were filled
            // again, so that no device waits for the aggregator.
            await TakeIn(ended, ct);

            var waits = new List<Task>(running.Keys);
            if (scheduler.NextReady is { } ready)
            {
                waits.Add(Task.Delay(Max(ready - DateTime.UtcNow, TimeSpan.Zero) + TimeSpan.FromMilliseconds(1), ct));
            }

            if (waits.Count == 0 && !starved)
            {
                break;
            }

            // Denied a slot it wants: ask again soon (other sweeps' shards free slots without telling this one).
            // Otherwise wake at least once per heartbeat.
            if (tick is null || tick.IsCompleted || starved)
            {
                tick = Task.Delay(starved ? PoolOptions.Poll : PoolOptions.Heartbeat, ct);
            }

            waits.Add(tick);
            await Task.WhenAny(waits);

            // Every shard that has ended by now, one or several, is taken in before the ledger is asked again.
            foreach (var work in running.Keys.Where(t => t.IsCompleted).ToList())
            {
                running.Remove(work, out var entry);
                var (tracker, workerSilo) = entry;
                _runningOn.Remove(tracker.Key);
                try
                {
                    var result = await work;
                    scheduler.Succeeded(tracker, workerSilo, ShardOutcome.Of(result));
                    _computedThisRun += result.Samples.Count;
                    ended.Add(result);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    var action = scheduler.Failed(tracker, workerSilo, e.Message, ClusterFailures.IsInfrastructure(e), DateTime.UtcNow);
                    switch (action)
                    {
                        case ShardFailureAction.PlacedAgainLater:
                            // The silo went away or could not be reached: not the shard's fault; membership needs a moment
                            // to declare a dead silo, so the shard waits out a back-off before it is placed again.
                            logger.LogWarning("Shard {Shard}: {Error}; rescheduling", tracker.Key, e.Message);
                            break;
                        case ShardFailureAction.Retried:
                            logger.LogWarning("Shard {Shard} attempt {Attempt} failed ({Error}); retrying", tracker.Key, tracker.Attempts, e.Message);
                            break;
                        default:
                            logger.LogError("Shard {Shard} failed after {Attempts} attempts: {Error}", tracker.Key, tracker.Attempts, e.Message);
                            foreach (var derived in _shards.Where(d => d.Phase == ShardPhase.Derived && d.DerivedFrom == tracker.Key))
                            {
                                derived.ReferenceFailed($"its reference shard {tracker.Key} failed: {e.Message}");
                            }

                            break;
                    }
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    scheduler.Abandoned(tracker, workerSilo);
                }
            }
        }

        if (!ct.IsCancellationRequested)
        {
            await TakeIn(ended, ct);
        }

        // Cancelled: let the shards in flight wind down (their calls carry the cancellation), so that nothing of this
        // sweep still runs when Cancel returns. A shard that finished anyway is persisted and counts on resume.
        await Task.WhenAny(Task.WhenAll(running.Keys), Task.Delay(CancelGrace));
        foreach (var (task, (shard, silo)) in running)
        {
            scheduler.Abandoned(shard, silo);
            _runningOn.Remove(shard.Key);
            _ = task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }

        await ReleasePool();

        void Start(IReadOnlyList<(ShardTracker Shard, Worker? Silo)> started)
        {
            foreach (var (shard, silo) in started)
            {
                _runningOn[shard.Key] = silo is null ? string.Empty : workerSilos.NameOf(silo);
                running.Add(RunShard(shard, silo, works, ct), (shard, silo));
            }
        }
    }

    /// <summary>Adds shard results that ended to their trial aggregators and stores the shards derived from them.</summary>
    private async Task TakeIn(List<ShardResult> ended, CancellationToken ct)
    {
        foreach (var result in ended)
        {
            await AddToAggregator(result);
            await MaterializeDerived(ct, result);
        }

        ended.Clear();
    }

    /// <summary>
    /// The slots the pool's ledger grants this sweep now. A ledger that cannot be reached (its silo died; the next
    /// call re-activates it elsewhere) grants nothing this time: the loop asks again after <see cref="PoolLedgerOptions.Poll"/>.
    /// </summary>
    private async Task<IReadOnlyList<Worker>> AskPool(IReadOnlyList<Worker> held, int wanted, IReadOnlyList<Worker> live)
    {
        try
        {
            var granted = await Pool.Acquire(SweepId, held, wanted, live);
            if (_ledgerFailures.Succeeded(DateTime.UtcNow) is { } ended)
            {
                logger.LogInformation(
                    "Sweep {SweepId}: the pool ledger answers again after {Failures} failed ask(s) in {Seconds:F1} s",
                    SweepId, ended.Failures, ended.Duration.TotalSeconds);
            }

            return granted;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (_ledgerFailures.Failed(DateTime.UtcNow) is { } streak)
            {
                logger.LogWarning(
                    "Sweep {SweepId}: the pool ledger did not answer ({Error}; {Failures} failed ask(s) in {Seconds:F0} s); asking again every {Poll} ms",
                    SweepId, e.Message, streak.Failures, streak.Duration.TotalSeconds, PoolOptions.Poll.TotalMilliseconds);
            }

            return [];
        }
    }

    /// <summary>Frees this sweep's slots in the pool's ledger (best effort: the ledger forgets a silent sweep anyway).</summary>
    private async Task ReleasePool()
    {
        try
        {
            await Pool.Release(SweepId);
        }
        catch (Exception e)
        {
            logger.LogWarning("Sweep {SweepId}: could not release its pool slots ({Error}); the ledger forgets them after {Expiry}", SweepId, e.Message, PoolOptions.Expiry);
        }
    }

    private IPoolLedgerGrain Pool => GrainFactory.GetGrain<IPoolLedgerGrain>(IPoolLedgerGrain.SingletonKey);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Stores the results of derived shards whose reference shard is done (<see cref="DerivedShards"/>): all of them
    /// (after loading, e.g. on resume), or those of <paramref name="finished"/>'s key (just computed).
    /// </summary>
    private async Task MaterializeDerived(CancellationToken ct, ShardResult? finished = null)
    {
        var done = _shards.Where(s => s.Phase == ShardPhase.Done).ToDictionary(s => s.Key);
        foreach (var tracker in _shards.Where(s => s.Phase == ShardPhase.Derived).ToList())
        {
            var key = tracker.DerivedFrom!;
            if ((finished is not null && finished.Key != key) || !done.TryGetValue(key, out var referenceTracker))
            {
                continue;
            }

            var reference = finished ?? await store.ReadShardAsync(key, ct)
                ?? throw new InvalidOperationException($"shard {key} is done but not in the result store");
            var derived = DerivedShards.From(reference, tracker.Key, tracker.Trial, referenceTracker.Trial);
            await store.WriteShardAsync(derived, ct);
            tracker.LoadedFromStore(derived);
            await AddToAggregator(derived);
        }
    }

    /// <summary>Calls the shard's work grain; with a <paramref name="silo"/>, a new activation is placed there (on its device).</summary>
    private Task<ShardResult> RunShard(ShardTracker shard, Worker? silo, ShardWorkFactory works, CancellationToken ct)
    {
        var work = works.For(shard);
        var grain = GrainFactory.GetGrain<IShardWorkGrain>(shard.Key.GrainKey);
        return PlacementHint.Call(silo?.Silo, () => grain.Run(work, ct), silo?.Device ?? 0);
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
        if (state != SweepState.Running)
        {
            await DropWakeUp();
        }
    }

    /// <summary>Registers (or keeps) the reminder that continues this sweep on another silo if this one is lost.</summary>
    private async Task HoldWakeUp()
    {
        try
        {
            var period = wakeUp.Value.Period;
            await this.RegisterOrUpdateReminder(SweepWakeUpOptions.ReminderName, period, period);
        }
        catch (Exception e) when (!ClusterFailures.IsLostActivation(e))
        {
            logger.LogWarning(
                "Sweep {SweepId}: no wake-up reminder ({Error}); if the silo coordinating it is lost, it continues only when it is next asked (e.g. sweep status)",
                SweepId, e.Message);
        }
    }

    private async Task DropWakeUp()
    {
        try
        {
            if (await this.GetReminder(SweepWakeUpOptions.ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning("Sweep {SweepId}: could not drop its wake-up reminder ({Error}); its next tick drops it", SweepId, e.Message);
        }
    }

    /// <summary>Copies samples done (finished or failed shards) and in total to the fields the progress gauges read.</summary>
    private void PublishProgress()
    {
        var m = _manifest!;
        Volatile.Write(ref _progressTotal, m.Samples is null ? 0L : (long)m.Samples.Count * m.Spec.Trials.Count);
        Volatile.Write(ref _progressDone, _shards.Where(s => s.Phase is ShardPhase.Done or ShardPhase.Failed).Sum(s => (long)s.SampleCount));
    }

    private SweepStatus Status() =>
        SweepStatusProjection.Project(SweepId, _manifest!, _shards, _runningOn, _scheduler?.Retries ?? 0, _computedThisRun, _clock.Elapsed.TotalSeconds);
}
