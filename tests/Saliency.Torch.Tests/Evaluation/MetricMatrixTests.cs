using System.Globalization;
using Saliency.Core.Methods;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Torch.Evaluation;
using Saliency.Torch.Methods;
using Saliency.Torch.Tests.Methods;
using TorchSharp;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// Every faithfulness and sanity metric of the catalogue, enrolled automatically: its default variant and every
/// other choice of every Choice parameter and a non-default value of every number, each on a random ResNet-18 and a
/// real 32 x 32 patch explained by VanillaGrad: the values the declaration names, in its order, finite; the
/// passes, explanations and imputations its cost model predicts (counted by the computation); the same values
/// again (seeded); and no tensor leak.
/// </summary>
public sealed class MetricMatrixTests
{
    private const int Size = 32;

    public static TheoryData<string> Variants()
    {
        var ids = new List<string>();
        foreach (var metric in MetricCatalogue.Metrics.Where(m => m.Family != MetricFamily.Localisation))
        {
            ids.Add(metric.Name);
            foreach (var parameter in metric.Parameters)
            {
                ids.AddRange(OtherValues(parameter).Select(value => new MetricVariant(metric.Name, [KeyValuePair.Create(parameter.Name, value)]).Id));
            }
        }

        var data = new TheoryData<string>();
        foreach (var id in ids.Distinct())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Every_model_metric_has_a_computation_and_every_computation_a_declaration()
    {
        Assert.Equal(
            MetricCatalogue.Metrics.Where(m => m.Family != MetricFamily.Localisation).Select(m => m.Name).Order(),
            MetricComputations.Implemented.Order());
        Assert.Throws<Saliency.Core.InputException>(() => MetricComputations.Create("distance"));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_gives_its_declared_values_with_the_catalogues_cost_deterministically_and_no_leaks(string id)
    {
        using var classifier = TestModels.Random(3, seed: 7);
        using var input = TestModels.RealPatch(classifier, Size);
        var method = SaliencyMethods.Create("VanillaGrad");
        var explained = method.Explain(classifier, input);
        var metric = MetricComputations.Create(id);

        var first = metric.Compute(classifier, input, explained.Map, explained.Target, method);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var second = metric.Compute(classifier, input, explained.Map, explained.Target, method);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        Assert.Equal(metric.Settings.Values, first.Values.Select(v => v.Name));
        Assert.All(first.Values, v => Assert.True(double.IsFinite(v.Value), $"{v.Name} = {v.Value}"));
        Assert.Equal(first.Values, second.Values);
        Assert.Equal(metric.Settings.Cost, first.Cost);
        Assert.All(first.Passes, p => Assert.Equal(PassKind.ForwardNoGrad, p.Kind));
        Assert.True(first.Seconds > 0);
    }

    /// <summary>Values of <paramref name="parameter"/> other than its default that the matrix runs.</summary>
    private static IEnumerable<string> OtherValues(MethodParameter parameter)
    {
        switch (parameter.Kind)
        {
            case ParameterKind.Choice:
                return parameter.Choices.Where(c => c != parameter.Default);
            case ParameterKind.Boolean:
                return [parameter.Default == "true" ? "false" : "true"];
            case ParameterKind.Integer:
                var min = ((long)parameter.Min).ToString(CultureInfo.InvariantCulture);
                return min == parameter.Default ? [((long)parameter.Min + 1).ToString(CultureInfo.InvariantCulture)] : [min];
            default:
                var half = double.Parse(parameter.Default, CultureInfo.InvariantCulture) / 2;
                return [half.ToString("R", CultureInfo.InvariantCulture)];
        }
    }
}
