using Saliency.Telemetry.Hosting;

namespace Saliency.Telemetry.Tests;

/// <summary>Orleans' own meter goes through the same pipeline as the saliency metrics.</summary>
public sealed class OrleansMeterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_running_silo_exports_the_orleans_metrics_the_dashboards_use()
    {
        await using var host = await TelemetryHost.StartAsync(new SiloIdentity("saliency-silo", "cpu", "cpu"), orleans: true);
        var names = (await host.ScrapeAsync()).Select(s => s.Name).Where(n => n.StartsWith("orleans_", StringComparison.Ordinal)).Distinct().Order().ToList();
        output.WriteLine(string.Join("\n", names));
        foreach (var used in OrleansMetrics.UsedByDashboards)
        {
            Assert.True(names.Contains(used), $"the dashboards use {used}, which the silo does not export");
        }
    }
}
