using Saliency.TestFixtures;

namespace Saliency.Telemetry.Tests;

/// <summary>
/// One real silo process (synthetic evaluator) scraped by one real Prometheus, and one small sweep submitted to it by
/// the CLI (in-process, <c>sweep submit --watch</c>). While the sweep runs, the silo's <c>/metrics</c> is scraped every
/// 100 ms: <see cref="SeriesDuringSweep"/> is every sample line seen (gauges of a running sweep only exist while it
/// runs). The sweep: <see cref="Methods"/> x <see cref="Samples"/> samples x <see cref="Normalisations"/>, each
/// computed sample taking <see cref="SecondsPerSample"/> s, and every sample with index % <see cref="FailEvery"/> ==
/// <see cref="FailEvery"/> - 1 failing (the synthetic evaluator's failure knob).
/// </summary>
public sealed class SiloSweepFixture : IAsyncLifetime
{
    public const int Samples = 9;
    public const int FailEvery = 4;
    public const double SecondsPerSample = 0.1;
    public static readonly string[] Methods = ["VanillaGrad", "GradCAM"];
    public static readonly string[] Normalisations = ["All-100", "Abs-99"];

    private readonly TempDir _dir = new();
    private readonly List<ScrapeSample> _seen = [];

    internal SiloProcess Silo { get; private set; } = null!;

    internal PrometheusProcess Prometheus { get; private set; } = null!;

    public string SweepId { get; private set; } = string.Empty;

    public string CliOutput { get; private set; } = string.Empty;

    internal IReadOnlyList<ScrapeSample> SeriesDuringSweep
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>Samples of the sweep that the synthetic evaluator computes (the others fail), counted from the rule.</summary>
    public static int ComputedPerMethod => Enumerable.Range(0, Samples).Count(i => i % FailEvery != FailEvery - 1);

    public static int FailedPerMethod => Samples - ComputedPerMethod;

    public async Task InitializeAsync()
    {
        Silo = SiloProcess.Start(_dir.File("results"), new Dictionary<string, string>
        {
            ["Saliency__Executor__SyntheticSecondsPerSample"] = SecondsPerSample.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Saliency__Executor__SyntheticFailEvery"] = FailEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Prometheus = await PrometheusProcess.StartAsync([Silo.TelemetryEndpoint]);
        await Silo.WaitReadyAsync(TimeSpan.FromSeconds(90));

        var sweepFile = _dir.File("telemetry-sweep.yaml");
        File.WriteAllText(sweepFile, $$"""
            name: telemetry-prom
            data: /nowhere/patches.spb
            model: /nowhere/model.ckpt
            samples: { limit: {{Samples}} }
            normalisations: [{{string.Join(", ", Normalisations)}}]
            shard_size: 4
            methods:
            {{string.Join("\n", Methods.Select(m => "  - method: " + m))}}
            """);
        using var stop = new CancellationTokenSource();
        var scraping = ScrapeUntilAsync(stop.Token);
        var (code, output, error) = (3, string.Empty, string.Empty);
        for (var attempt = 0; attempt < 10 && code == 3; attempt++)
        {
            (code, output, error) = await Task.Run(() => Cli.Run("sweep", "submit", sweepFile, "--cluster", $"127.0.0.1:{Silo.GatewayPort}", "--watch"));
        }

        await stop.CancelAsync();
        await scraping;
        CliOutput = output + error;
        if (code != 0)
        {
            throw new InvalidOperationException($"sweep submit exited {code}:\n{CliOutput}\nsilo log:\n{Silo.Log}");
        }

        SweepId = output.Split(' ', ':', '\n')[1];
        _seen.AddRange(ScrapeText.Parse(await Silo.Http.GetStringAsync("metrics")));
    }

    public async Task DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Silo.DisposeAsync();
        _dir.Dispose();
    }

    private async Task ScrapeUntilAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var samples = ScrapeText.Parse(await Silo.Http.GetStringAsync("metrics", stop));
                lock (_seen)
                {
                    _seen.AddRange(samples);
                }

                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
