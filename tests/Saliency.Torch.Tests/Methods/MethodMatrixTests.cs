using System.Globalization;
using Saliency.Core.Methods;
using Saliency.Torch.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>
/// Every method of the catalogue, enrolled automatically: its default variant, the study's listed variants, every
/// choice of every Choice parameter, both values of every Boolean and a non-default value of every number, each
/// through the same checks: map shape, finite values, the predicted target when none is given and the given one
/// otherwise, probabilities = softmax of an independent forward, the passes the catalogue's cost model predicts
/// (counted by the method itself, pass by pass), and no tensor leak across calls.
/// </summary>
public sealed class MethodMatrixTests
{
    private const int Size = 64;
    private const int Classes = 3;

    public static TheoryData<string> Variants()
    {
        var ids = new List<string>();
        foreach (var method in MethodCatalogue.Methods)
        {
            ids.Add(method.Name);
            ids.AddRange(MethodCatalogue.AllVariants.Where(v => v.Method == method.Name).Select(v => v.Id));
            foreach (var parameter in method.Parameters)
            {
                ids.AddRange(OtherValues(parameter).Select(value => new MethodVariant(method.Name, [KeyValuePair.Create(parameter.Name, value)]).Id));
            }
        }

        ids.Add("ScoreCAM(batch=7,layer=layer4)");
        ids.Add("IntegratedGradients(batch=16,steps=20)");
        ids.Add("DeepLift(reference=blur,sigma=2.5)");
        var data = new TheoryData<string>();
        foreach (var id in ids.Distinct())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Every_catalogue_method_has_an_implementation_and_every_implementation_a_declaration()
    {
        Assert.Equal(MethodCatalogue.Methods.Select(m => m.Name).Order(), SaliencyMethods.Implemented.Order());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_gives_a_finite_map_for_the_right_target_with_the_catalogues_passes_and_no_leaks(string id)
    {
        using var classifier = TestModels.Random(Classes, seed: 7);
        using var input = TestModels.RealPatch(classifier, Size);
        var method = SaliencyMethods.Create(id);
        var values = MethodCatalogue.Bind(method.Variant);
        var cost = values.Method.Cost(values);

        double[] logits;
        using (no_grad())
        using (var l = classifier.Forward(input))
        {
            logits = TestModels.ToDoubles(l);
        }

        int predicted = Array.IndexOf(logits, logits.Max());
        var softmax = logits.Select(v => Math.Exp(v - logits.Max())).ToArray();
        var total = softmax.Sum();

        var first = method.Explain(classifier, input);
        Assert.Equal(predicted, first.Target);
        AssertWellFormed(first);
        if (first.Probabilities is { } p)
        {
            Assert.Equal(Classes, p.Length);
            for (int c = 0; c < Classes; c++)
            {
                Assert.Equal(softmax[c] / total, p[c], 1e-5);
            }
        }

        int other = (predicted + 1) % Classes;
        long liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var explicitTarget = method.Explain(classifier, input, other);
        Assert.Equal(liveBefore, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(other, explicitTarget.Target);
        AssertWellFormed(explicitTarget);
        Assert.Equal(cost, Measured(explicitTarget));

        // Without a target a method may add one prediction forward of one input, never more.
        var extra = Measured(first);
        Assert.True(extra == cost || extra == cost.PlusForwards(1), $"{id}: {extra} without a target, {cost} with one");
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
                // The smallest value (cheap and the edge), unless it is the default.
                var min = ((long)parameter.Min).ToString(CultureInfo.InvariantCulture);
                return min == parameter.Default ? [((long)parameter.Min + 1).ToString(CultureInfo.InvariantCulture)] : [min];
            default:
                var half = double.Parse(parameter.Default, CultureInfo.InvariantCulture) / 2;
                return [half.ToString("R", CultureInfo.InvariantCulture)];
        }
    }

    private static MethodCost Measured(SaliencyResult result)
    {
        var forwards = result.Passes.Where(p => p.Kind != PassKind.Backward).ToList();
        var backwards = result.Passes.Where(p => p.Kind == PassKind.Backward).ToList();
        Assert.Equal((result.ForwardPasses, result.BackwardPasses), (forwards.Count, backwards.Count));
        return new MethodCost(forwards.Count, forwards.Sum(p => (long)p.Batch), backwards.Count, backwards.Sum(p => (long)p.Batch));
    }

    private static void AssertWellFormed(SaliencyResult result)
    {
        Assert.Equal((Size, Size), (result.Height, result.Width));
        Assert.Equal(Size * Size, result.Map.Length);
        Assert.All(result.Map, v => Assert.True(float.IsFinite(v)));
        Assert.True(result.Seconds > 0);
    }
}
