using System.Text.Json;

namespace Saliency.Telemetry.Tests;

/// <summary>
/// The real Prometheus started by scripts/services/prometheus.sh: API on 127.0.0.1:19090, scraping
/// 127.0.0.1:19464/metrics every second (the same numbers as in the script).
/// </summary>
internal static class PrometheusService
{
    public static readonly Uri Api = new("http://127.0.0.1:19090/");
    public const int ScrapedPort = 19464;

    public static async Task<HttpClient> RequireAsync()
    {
        var http = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            (await http.GetAsync("-/ready")).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            http.Dispose();
            throw new InvalidOperationException(
                $"No Prometheus at {Api}: start it with `SERVICES_DIR=$(mktemp -d) bash scripts/services/prometheus.sh` " +
                "(scripts/test does this)", e);
        }

        return http;
    }

    /// <summary>Runs an instant query and returns its vector result (metric labels and value).</summary>
    public static async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(HttpClient http, string promql)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)));
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return [.. doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))];
    }
}
