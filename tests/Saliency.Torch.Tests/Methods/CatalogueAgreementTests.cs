using System.Globalization;
using Saliency.Core;
using Saliency.Core.Methods;
using Saliency.Sweeps;
using Saliency.Torch.Methods;

namespace Saliency.Torch.Tests.Methods;

/// <summary>
/// Validation (a sweep file) and execution (the torch factory a GPU silo calls) must accept exactly the same
/// parameter sets: random sets of valid, borderline and invalid values for every catalogue method go through both,
/// and where both accept, the sweep's trial is the variant the factory creates.
/// </summary>
public sealed class CatalogueAgreementTests
{
    [Fact]
    public void A_sweep_validates_exactly_the_parameter_sets_the_factory_accepts()
    {
        var random = new Random(20261206);
        int accepted = 0, rejected = 0;
        for (int draw = 0; draw < 600; draw++)
        {
            var method = MethodCatalogue.Methods[random.Next(MethodCatalogue.Methods.Count)];
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in method.Parameters.Where(_ => random.Next(3) > 0))
            {
                parameters[parameter.Name] = RawValue(parameter, random);
            }

            if (random.Next(12) == 0)
            {
                parameters["unknown_" + random.Next(3).ToString(CultureInfo.InvariantCulture)] = "1";
            }

            var variant = new MethodVariant(random.Next(2) == 0 ? method.Name : method.Name.ToUpperInvariant(), parameters);
            var (sweepTrial, sweepError) = ThroughSweepFile(variant);
            var (created, factoryError) = ThroughFactory(variant);
            Assert.True(
                (sweepError is null) == (factoryError is null),
                $"{variant.Id}: sweep {(sweepError is null ? "accepts" : $"refuses ({sweepError})")}, factory {(factoryError is null ? "accepts" : $"refuses ({factoryError})")}");
            if (sweepError is null)
            {
                Assert.Equal(created!.Variant.Id, sweepTrial);
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        // The draws must exercise both sides, or the agreement says nothing.
        Assert.InRange(accepted, 100, 600);
        Assert.InRange(rejected, 100, 600);
    }

    [Fact]
    public void Every_catalogue_method_with_its_defaults_validates_in_a_sweep_file_under_its_catalogue_name()
    {
        foreach (var method in MethodCatalogue.Methods)
        {
            var (trial, error) = ThroughSweepFile(new MethodVariant(method.Name.ToLowerInvariant()));
            Assert.Null(error);
            Assert.Equal(method.Name, trial);
        }
    }

    private static (string? TrialId, string? Error) ThroughSweepFile(MethodVariant variant)
    {
        var yaml = "name: agreement\ndata: /d/p.salpatch\nmodel: /d/m.safetensors\nmethods:\n  - method: '" + variant.Method + "'\n";
        if (variant.Parameters.Count > 0)
        {
            yaml += "    params:\n" + string.Concat(variant.Parameters.Select(p => $"      {p.Key}: '{p.Value.Replace("'", "''", StringComparison.Ordinal)}'\n"));
        }

        try
        {
            return (SweepFile.Parse(yaml, "agreement.yaml", "/").Trials.Single().VariantId, null);
        }
        catch (InputException e)
        {
            return (null, e.Message);
        }
    }

    private static (SaliencyMethod? Method, string? Error) ThroughFactory(MethodVariant variant)
    {
        try
        {
            return (SaliencyMethods.Create(variant), null);
        }
        catch (InputException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// A value for <paramref name="parameter"/>: three times in four one it should accept (anywhere in its range, at
    /// its edges, or oddly written), otherwise one just outside its range or malformed.
    /// </summary>
    private static string RawValue(MethodParameter parameter, Random random)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        bool valid = random.Next(4) > 0;
        string[] candidates = (parameter.Kind, valid) switch
        {
            (ParameterKind.Integer, true) =>
            [
                F(parameter.Min), F(parameter.Max), parameter.Default, " " + parameter.Default + " ", "+" + parameter.Default,
                F(Math.Floor(parameter.Min + (random.NextDouble() * (parameter.Max - parameter.Min)))),
            ],
            (ParameterKind.Integer, false) => [F(parameter.Min - 1), F(parameter.Max + 1), "1.5", "ten", string.Empty, "1e3", "0x10"],
            (ParameterKind.Real, true) =>
            [
                F(parameter.Max), parameter.Default, parameter.MinExclusive ? F(parameter.Min + 1e-9) : F(parameter.Min),
                F(parameter.Min + (random.NextDouble() * (parameter.Max - parameter.Min))), "1e-3",
            ],
            (ParameterKind.Real, false) =>
            [
                parameter.MinExclusive ? F(parameter.Min) : F(parameter.Min - 1e-9), F(parameter.Max * 1.5), "NaN", "Infinity", "-1", "abc", string.Empty,
            ],
            (ParameterKind.Boolean, true) => ["true", "false", "True", "FALSE"],
            (ParameterKind.Boolean, false) => ["yes", "1", string.Empty],
            (_, true) => [.. parameter.Choices, .. parameter.Choices.Select(c => c.ToUpperInvariant())],
            _ => ["nonsense", string.Empty, "layer5"],
        };
        return candidates[random.Next(candidates.Length)];
    }
}
