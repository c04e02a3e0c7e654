using Saliency.Core;
using Saliency.Core.Methods;
using Saliency.Torch.Methods;

namespace Saliency.Torch.Tests.Methods;

public sealed class RegistryTests
{
    [Fact]
    public void Paper_list_has_the_studys_14_variants_and_all_adds_integrated_gradients()
    {
        var ids = MethodCatalogue.PaperVariants.Select(v => v.Id).ToList();
        Assert.Equal(
            [
                "VanillaGrad",
                "SmoothGrad(batched=false,n=10)", "SmoothGrad(batched=true,n=10)",
                "SmoothGrad(batched=false,n=50)", "SmoothGrad(batched=true,n=50)",
                "SmoothGrad(batched=false,n=100)", "SmoothGrad(batched=true,n=100)",
                "DeepLift(reference=zero)", "DeepLift(reference=blur)",
                "GradCAM", "GradCAM++",
                "ScoreCAM(batch=1)", "ScoreCAM(batch=25)", "ScoreCAM(batch=50)",
            ],
            ids);
        Assert.Equal([.. ids, "IntegratedGradients(steps=50)"], MethodCatalogue.AllVariants.Select(v => v.Id));
        Assert.All(MethodCatalogue.AllVariants, v => Assert.Equal(v, SaliencyMethods.Create(v).Variant));
    }

    [Fact]
    public void Unknown_method_is_an_input_error_listing_the_known_methods()
    {
        var e = Assert.Throws<InputException>(() => SaliencyMethods.Create("LIME"));
        Assert.Contains("'LIME'", e.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "VanillaGrad", "SmoothGrad", "DeepLift", "GradCAM", "GradCAM++", "ScoreCAM", "IntegratedGradients" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unknown_parameter_is_an_input_error_listing_the_valid_ones()
    {
        var e = Assert.Throws<InputException>(() => SaliencyMethods.Create("SmoothGrad(n=10,samples=3)"));
        Assert.Contains("'samples'", e.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "n", "batched", "noise", "seed" })
        {
            Assert.Contains(name + " (", e.Message, StringComparison.Ordinal);
        }

        var none = Assert.Throws<InputException>(() => SaliencyMethods.Create("VanillaGrad(n=3)"));
        Assert.Contains("no parameters", none.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SmoothGrad(n=ten)", "n")]
    [InlineData("SmoothGrad(noise=0)", "noise")]
    [InlineData("SmoothGrad(n=0)", "n")]
    [InlineData("SmoothGrad(batched=yes)", "batched")]
    [InlineData("SmoothGrad(noise=-1)", "noise")]
    [InlineData("DeepLift(reference=mean)", "reference")]
    [InlineData("DeepLift(reference=blur,sigma=0)", "sigma")]
    [InlineData("ScoreCAM(batch=0)", "batch")]
    [InlineData("GradCAM(layer=fc)", "layer")]
    [InlineData("IntegratedGradients(steps=-5)", "steps")]
    public void Bad_parameter_values_are_input_errors_naming_the_parameter(string id, string parameter)
    {
        var e = Assert.Throws<InputException>(() => SaliencyMethods.Create(id));
        Assert.Equal($"{MethodVariant.Parse(id).Method}.{parameter}", e.Field);
    }

    [Fact]
    public void Method_names_are_case_insensitive_and_canonicalised()
    {
        Assert.Equal("GradCAM++", SaliencyMethods.Create("gradcam++").Variant.Id);
        Assert.Equal("SmoothGrad(batched=true,n=10)", SaliencyMethods.Create(MethodVariant.Parse("smoothgrad(n=10,batched=true)")).Variant.Id);
        Assert.IsType<ScoreCam>(SaliencyMethods.Create("SCORECAM(batch=1)"));
    }

    [Fact]
    public void Selection_expands_all_paper_a_method_name_or_a_single_variant()
    {
        Assert.Equal(15, SaliencyMethods.Select("all").Count);
        Assert.Equal(14, SaliencyMethods.Select("paper").Count);
        Assert.Equal(6, SaliencyMethods.Select("smoothgrad").Count);
        Assert.Equal(["ScoreCAM(batch=7)"], SaliencyMethods.Select("ScoreCAM(batch=7)").Select(v => v.Id));
        Assert.Equal(["GradCAM"], SaliencyMethods.Select("GradCAM").Select(v => v.Id));
        Assert.Throws<InputException>(() => SaliencyMethods.Select("Occlusion"));
    }
}
