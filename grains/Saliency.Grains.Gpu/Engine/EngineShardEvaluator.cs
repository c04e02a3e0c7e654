using System.Globalization;
using Microsoft.Extensions.Options;
using Saliency.Contracts;
using Saliency.Core.Data;
using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Grains.Gpu;
using Saliency.Grains.Gpu.Execution;
using Saliency.Storage;
using Saliency.Torch.Benchmark;
using Saliency.Torch.Model;

namespace Saliency.Grains.Gpu.Engine;

/// <summary>
/// The real work: <see cref="BenchEngine"/> (the loop <c>saliency bench</c> runs) on this silo's device, so a sweep
/// gives exactly bench's numbers. The model (per path and device) and the patch-set reader (per path) are loaded
/// once per silo and kept; each variant is warmed up once per silo and model (its first map is computed and
/// discarded, as bench does once per run). The shard's model metrics are computed on each map right after it is
/// timed, with the same input, target and method. Called only from the device executor's thread.
/// </summary>
public sealed class EngineShardEvaluator : IShardEvaluator, IDisposable
{
    private readonly Dictionary<(string Path, string Device), LoadedModel> _models = [];
    private readonly Dictionary<string, PatchSetReader> _patchSets = [];
    private readonly HashSet<(string Model, string Device, string Variant)> _warm = [];
    private readonly Lock _lock = new();

    private readonly StoreReferenceResolver _files;

    /// <param name="options">The executor's settings (torch threads).</param>
    /// <param name="files">Resolves <c>store:</c> references of data and model to cached local copies.</param>
    public EngineShardEvaluator(IOptions<ExecutorOptions> options, StoreReferenceResolver? files = null)
    {
        _files = files ?? StoreReferenceResolver.LocalOnly;
        if (options.Value.TorchThreads > 0)
        {
            TorchDevices.SetThreads(options.Value.TorchThreads);
        }
    }

    public ShardEvaluation Evaluate(ShardWork work, string device, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var model = Model(_files.LocalPath(work.ModelPath, cancellationToken), device);
            var dataPath = _files.LocalPath(work.DataPath, cancellationToken);
            var patches = new PatchSetReaderProvider(PatchSet(dataPath), dataPath);
            var variant = MethodVariant.Parse(work.Trial.VariantId);
            var engine = new BenchEngine(model.Classifier, [variant], work.Normalisations.Select(Normalisation.Parse).ToList(), work.Metrics);
            var warmUp = _warm.Add((work.ModelPath, device, variant.Id));
            var computed = new Dictionary<int, SampleResult>();
            var maps = new List<SampleMap>();
            var keep = work.MapSamples?.ToHashSet() ?? [];
            var withDefect = work.SampleIndices.Where(i => patches.Get(i).Mask.Any(m => m != 0)).ToList();
            foreach (var r in engine.Run(patches, withDefect, warmUp: warmUp, cancel: cancellationToken))
            {
                if (keep.Contains(r.Patch.Index))
                {
                    maps.Add(new SampleMap(r.Patch.Index, r.Saliency.Height, r.Saliency.Width, r.Saliency.Map, r.Patch.Pixels, r.Patch.Mask));
                }

                computed[r.Patch.Index] = new SampleResult(
                    r.Patch.Index,
                    work.Trial.VariantId,
                    SampleOutcome.Done,
                    r.Scores.Select(s => new NormalisationScore(s.Normalisation.Name, s.Scores.Distance, s.Scores.Energy)).ToList(),
                    r.Saliency.Seconds,
                    r.Saliency.ForwardPasses,
                    r.Saliency.BackwardPasses,
                    r.Scores.Select(s => s.Scores.UndefinedReason).FirstOrDefault(x => x is not null),
                    r.Patch.SourceId,
                    r.Patch.Label.ToString(CultureInfo.InvariantCulture),
                    r.Patch.PatchIndex,
                    r.Metrics.Count == 0 ? null : [.. r.MetricRows().Select(m => new MetricScore(m.Metric, m.Value, m.Score))]);
            }

            // A patch without a defect has no pointing game to play: it is skipped, not computed (and not timed).
            var results = work.SampleIndices.Select(i => computed.TryGetValue(i, out var done) ? done : Skipped(work, patches.Get(i))).ToList();
            return new ShardEvaluation(results, maps);
        }
    }

    private static SampleResult Skipped(ShardWork work, Saliency.Torch.Benchmark.BenchPatch patch) => new(
        patch.Index, work.Trial.VariantId, SampleOutcome.Skipped, [], 0, 0, 0, "no defect in the mask: the pointing games are undefined",
        patch.SourceId, patch.Label.ToString(CultureInfo.InvariantCulture), patch.PatchIndex);

    public void Dispose()
    {
        foreach (var m in _models.Values)
        {
            m.Dispose();
        }

        foreach (var p in _patchSets.Values)
        {
            p.Dispose();
        }
    }

    private LoadedModel Model(string path, string device)
    {
        if (!_models.TryGetValue((path, device), out var model))
        {
            model = ModelStore.Load(path, TorchDevices.Parse(device, "Saliency:Executor:Device"));
            _models[(path, device)] = model;
        }

        return model;
    }

    private PatchSetReader PatchSet(string path)
    {
        if (!_patchSets.TryGetValue(path, out var reader))
        {
            reader = PatchSetReader.Open(path);
            _patchSets[path] = reader;
        }

        return reader;
    }
}
