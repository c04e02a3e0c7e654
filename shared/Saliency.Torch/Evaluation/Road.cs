using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Metrics.Catalogue.Declarations;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// ROAD (Rong et al. 2022) as pytorch-grad-cam 1.5.5 computes it (<c>ROADMostRelevantFirst</c>,
/// <c>ROADLeastRelevantFirst</c>, their averages and <c>ROADCombined</c>): for each order and removed percent r the
/// pixels of <see cref="RoadRemoval"/> are imputed (<see cref="NoisyLinearImputer"/>) and the value is the target
/// probability of the imputed input minus that of the clean input. The clean input and the imputed ones go through
/// the network in one stream of batches (clean first, then MoRF by r, then LeRF by r), so a map costs
/// ceil((1 + I) / batch) passes for I imputations. The noise of (order, r) comes from a generator seeded with
/// seed * 1000 + r (+ 500 for LeRF): the same seed gives the same values. When every pixel would be removed (a
/// constant map: every pixel ties with the threshold) there is nothing to impute from and the value is NaN (the
/// clean input takes the imputed input's place in its batch so the pass count stays the declared one).
/// </summary>
public sealed class Road : MetricComputation
{
    private readonly IReadOnlyList<int> _removedPercents;
    private readonly IReadOnlyList<string> _orders;
    private readonly double _noise;
    private readonly int _seed;
    private readonly bool _absolute;
    private readonly int _batch;

    internal Road(MetricSettings settings)
        : base(settings)
    {
        _removedPercents = RoadDeclaration.RemovedPercents(settings);
        _orders = RoadDeclaration.Orders(settings);
        _noise = settings.Real(RoadDeclaration.Noise);
        _seed = settings.Int(RoadDeclaration.Seed);
        _absolute = settings.Choice(RoadDeclaration.Rank) == PerturbationParameters.AbsoluteRank;
        _batch = settings.Int(RoadDeclaration.Batch);
    }

    private protected override IReadOnlyList<MetricValue> Compute(MetricInput input)
    {
        int channels = (int)input.Input.shape[1], height = input.Height, width = input.Width;
        var image = input.Input[0].to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        var key = _absolute ? [.. input.Map.Select(Math.Abs)] : input.Map;
        var removals = _orders.SelectMany(order => _removedPercents.Select(r => (Order: order, Removed: r))).ToList();

        // Stream item 0 is the clean input, item i > 0 the imputation removals[i - 1].
        var probabilities = new double[1 + removals.Count];
        var undefined = new bool[1 + removals.Count];
        for (int start = 0; start < probabilities.Length; start += _batch)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(_batch, probabilities.Length - start);
            var batch = new Tensor[count];
            for (int i = 0; i < count; i++)
            {
                int item = start + i;
                if (item == 0)
                {
                    batch[i] = input.Input;
                    continue;
                }

                var (order, removedPercent) = removals[item - 1];
                var removed = RoadRemoval.Removed(key, removedPercent, mostRelevantFirst: order == "morf");
                input.Imputations++;
                if (Array.TrueForAll(removed, r => r))
                {
                    undefined[item] = true;
                    batch[i] = input.Input;
                    continue;
                }

                using var generator = _noise == 0 ? null : new Generator(NoiseSeed(order, removedPercent), CPU);
                var imputed = NoisyLinearImputer.Impute(image, channels, height, width, removed, _noise, generator);
                batch[i] = tensor(imputed, [1, channels, height, width]).to(input.Input.dtype).to(input.Input.device);
            }

            input.TargetProbabilities(cat(batch, 0)).CopyTo(probabilities, start);
        }

        var values = new List<MetricValue>();
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var order in _orders)
        {
            var scores = new List<double>();
            for (int i = 0; i < removals.Count; i++)
            {
                if (removals[i].Order == order)
                {
                    double score = undefined[i + 1] ? double.NaN : probabilities[i + 1] - probabilities[0];
                    scores.Add(score);
                    values.Add(new MetricValue(RoadDeclaration.ValueName(order, removals[i].Removed), score));
                }
            }

            means[order] = scores.Average();
        }

        foreach (var order in _orders)
        {
            values.Add(new MetricValue(order == "morf" ? RoadDeclaration.MorfMean : RoadDeclaration.LerfMean, means[order]));
        }

        if (_orders.Count == 2)
        {
            values.Add(new MetricValue(RoadDeclaration.Combined, (means["lerf"] - means["morf"]) / 2));
        }

        return values;
    }

    private ulong NoiseSeed(string order, int removedPercent) =>
        (ulong)((_seed * 1000L) + removedPercent + (order == "lerf" ? 500 : 0));
}
