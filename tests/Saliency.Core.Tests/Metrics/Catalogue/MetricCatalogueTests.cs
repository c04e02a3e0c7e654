using Saliency.Core.Methods;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Metrics.Catalogue.Declarations;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Metrics.Catalogue;

public class MetricCatalogueTests
{
    [Fact]
    public void Names_are_unique_lower_case_and_the_default_selection_is_the_pointing_games()
    {
        var names = MetricCatalogue.Metrics.Select(m => m.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.Equal(n.ToLowerInvariant(), n));
        Assert.Equal(["distance", "energy"], MetricCatalogue.Default.Select(v => v.Id));
        Assert.All(MetricCatalogue.Default, v => Assert.Equal(MetricFamily.Localisation, MetricCatalogue.Bind(v).Metric.Family));
    }

    [Fact]
    public void Binding_canonicalises_names_and_values()
    {
        var settings = MetricCatalogue.Bind(" Deletion( steps = 050 , replacement = MEAN ) ");
        Assert.Equal("deletion(replacement=mean,steps=50)", settings.Variant.Id);
        Assert.Equal(50, settings.Int(DeletionDeclaration.Steps));
        Assert.Equal("mean", settings.Choice(DeletionDeclaration.Replacement));
        Assert.Equal(32, settings.Int(DeletionDeclaration.Batch));
    }

    [Theory]
    [InlineData("nosuch", "metric: unknown metric 'nosuch'; known: distance, energy, deletion, insertion, road, sanity")]
    [InlineData("distance(x=1)", "distance.x: distance takes no parameters")]
    [InlineData("road(step=0)", "road.step: 0 is outside 1..50")]
    [InlineData("road(noise=-0.1)", "road.noise: -0.1 is outside 0..1")]
    [InlineData("deletion(replacement=noise)", "deletion.replacement: 'noise' is not one of zero | blur | mean")]
    [InlineData("sanity(layers=fc)", "sanity.layers: unknown parameter 'layers'; sanity takes granularity (stages | blocks, default stages)")]
    [InlineData("insertion(steps=3", "metric: malformed metric 'insertion(steps=3' (missing ')')")]
    public void Bad_variants_are_refused_with_the_declarations_words(string id, string messageStart)
    {
        var error = Assert.Throws<InputException>(() => MetricCatalogue.Bind(id));
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_choice_and_bound_of_every_parameter_binds_and_one_past_each_bound_does_not()
    {
        foreach (var metric in MetricCatalogue.Metrics)
        {
            foreach (var p in metric.Parameters)
            {
                var accepted = p.Kind switch
                {
                    ParameterKind.Choice => [.. p.Choices],
                    ParameterKind.Boolean => ["true", "false"],
                    _ => new[] { p.Min, p.Max }.Where(double.IsFinite).Where(v => !(p.MinExclusive && v == p.Min))
                        .Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(p.Default).ToList(),
                };
                foreach (var value in accepted)
                {
                    var settings = metric.Bind([KeyValuePair.Create(p.Name, value)]);
                    Assert.NotEmpty(settings.Values);
                    Assert.NotNull(settings.Cost);
                }

                if (p.Kind == ParameterKind.Integer)
                {
                    Assert.Throws<InputException>(() => metric.Bind([KeyValuePair.Create(p.Name, ((long)p.Max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))]));
                    Assert.Throws<InputException>(() => metric.Bind([KeyValuePair.Create(p.Name, ((long)p.Min - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))]));
                }
            }
        }
    }

    [Fact]
    public void Value_names_are_unique_within_a_metric_and_follow_the_settings()
    {
        foreach (var metric in MetricCatalogue.Metrics)
        {
            var values = metric.Bind([]).Values;
            Assert.Equal(values.Count, values.Distinct().Count());
        }

        Assert.Equal(["deletion_auc"], MetricCatalogue.Bind("deletion").Values);
        Assert.Equal(["insertion_auc"], MetricCatalogue.Bind("insertion").Values);
        Assert.Equal(["road_morf_25", "road_morf_50", "road_morf_75", "road_morf"], MetricCatalogue.Bind("road(order=most,step=25)").Values);

        // Default ROAD: 9 removed fractions (10..90) x 2 orders, two means, the combined score.
        var road = MetricCatalogue.Bind("road").Values;
        Assert.Equal(21, road.Count);
        Assert.Equal(["road_morf_10", "road_morf_90", "road_lerf_10", "road_lerf_90", "road_morf", "road_lerf", "road_combined"],
            new[] { road[0], road[8], road[9], road[17], road[18], road[19], road[20] });

        var sanity = MetricCatalogue.Bind("sanity").Values;
        Assert.Equal(18, sanity.Count);
        Assert.Equal(["sanity_spearman_fc", "sanity_spearman_abs_fc", "sanity_ssim_fc"], sanity.Take(3));
        Assert.Equal("sanity_ssim_stem", sanity[^1]);
        Assert.Equal(30, MetricCatalogue.Bind("sanity(granularity=blocks)").Values.Count);
        Assert.Equal(
            ["fc", "layer4.1", "layer4.0", "layer3.1", "layer3.0", "layer2.1", "layer2.0", "layer1.1", "layer1.0", "stem"],
            SanityDeclaration.Steps(MetricCatalogue.Bind("sanity(granularity=blocks)")).Select(s => s.Name));
    }

    [Theory]
    [InlineData("distance", 0, 0, 0, 0)]
    [InlineData("deletion", 1, 21, 0, 0)] // K = 20: 21 inputs, one batch of up to 32
    [InlineData("deletion(batch=10,steps=100)", 11, 101, 0, 0)]
    [InlineData("insertion(batch=1,steps=4)", 5, 5, 0, 0)]
    [InlineData("road", 1, 19, 0, 18)] // the clean input + 9 fractions x 2 orders, 18 imputations
    [InlineData("road(batch=4,order=least,step=30)", 1, 4, 0, 3)] // 30, 60, 90 % and the clean input
    [InlineData("road(batch=5,step=20)", 2, 9, 0, 8)]
    [InlineData("sanity", 0, 0, 6, 0)]
    [InlineData("sanity(granularity=blocks,mode=independent)", 0, 0, 10, 0)]
    public void Cost_models_count_forwards_explanations_and_imputations(string id, int passes, long inputs, int explanations, int imputations)
    {
        Assert.Equal(new MetricCost(passes, inputs, explanations, imputations), MetricCatalogue.Bind(id).Cost);
    }

    [Fact]
    public void Sanity_cost_in_network_passes_is_the_methods_cost_per_step()
    {
        // ScoreCAM(batch=25) at layer4: 1 + ceil(512 / 25) = 22 passes over 513 inputs, no backward.
        var scoreCam = MethodCatalogue.Bind(MethodVariant.Parse("ScoreCAM(batch=25)"));
        var cost = MetricCatalogue.Bind("sanity").Cost.Total(scoreCam.Method.Cost(scoreCam));
        Assert.Equal(new MethodCost(6 * 22, 6 * 513, 0, 0), cost);
        Assert.Equal(MetricCatalogue.Bind("road").Cost.Total(MethodCost.OneGradient), new MethodCost(1, 19, 0, 0));
    }

    [Fact]
    public void Family_drops_batching_only_parameters()
    {
        Assert.Equal("road(step=20)", MetricCatalogue.Family(MetricVariant.Parse("road(batch=7,step=20)")).Id);
        Assert.Equal("nosuch(batch=7)", MetricCatalogue.Family(MetricVariant.Parse("nosuch(batch=7)")).Id);
    }

    [Fact]
    public void Settings_of_one_metric_cannot_be_read_with_another_metrics_parameter()
    {
        var settings = MetricCatalogue.Bind("deletion");
        Assert.Throws<InvalidOperationException>(() => settings.Int(RoadDeclaration.Step));
        Assert.Throws<ArgumentException>(() => RoadDeclaration.Metric.Cost(settings));
    }

    [Fact]
    public void Docs_embed_the_catalogue_tables()
    {
        var doc = File.ReadAllText(RepositoryRoot.Combine("docs", "metrics.md"));
        Assert.Contains(MetricCatalogueTable.Parameters(), doc, StringComparison.Ordinal);
        Assert.Contains(MetricCatalogueTable.Defaults(), doc, StringComparison.Ordinal);
    }
}
