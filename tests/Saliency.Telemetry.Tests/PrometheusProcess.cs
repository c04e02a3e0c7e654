using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Saliency.Telemetry.Tests;

/// <summary>
/// A real Prometheus (Debian's package, installed by scripts/services/prometheus.sh) started for one test: API on a
/// free loopback port, scraping the given <c>/metrics</c> targets every second as job <c>saliency-silo</c>, with its
/// configuration and storage in a temporary folder. Disposing kills it and deletes the folder.
/// </summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Job = "saliency-silo";

    private readonly Process _process;
    private readonly string _dir;

    private PrometheusProcess(Process process, string dir, Uri api)
    {
        _process = process;
        _dir = dir;
        Http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(5) };
    }

    public HttpClient Http { get; }

    public static async Task<PrometheusProcess> StartAsync(IReadOnlyList<Uri> targets)
    {
        var binary = FindOnPath("prometheus") ?? throw new InvalidOperationException(
            "prometheus is not installed: run `SERVICES_DIR=$(mktemp -d) bash scripts/services/prometheus.sh` (scripts/test does this)");
        var dir = Path.Combine(Path.GetTempPath(), "saliency-tests", "prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {Job}
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"\"{t.Authority}\""))}]
            """);
        var api = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        var start = new ProcessStartInfo(binary,
        [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "data")}",
            $"--web.listen-address={api.Authority}", "--log.level=warn",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var prometheus = new PrometheusProcess(process, dir, api);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                if ((await prometheus.Http.GetAsync("-/ready")).IsSuccessStatusCode)
                {
                    return prometheus;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await prometheus.DisposeAsync();
                throw new InvalidOperationException($"Prometheus did not become ready on {api}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Runs an instant query and returns its vector result (metric labels and value).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)));
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return [.. doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>Queries until <paramref name="done"/> holds for the result or <paramref name="timeout"/> passes; returns the last result.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryUntilAsync(
        string promql, Func<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await QueryAsync(promql);
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
