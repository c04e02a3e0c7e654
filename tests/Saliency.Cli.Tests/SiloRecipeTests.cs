using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Saliency.Cli.Commands.Sweep;
using Saliency.Deploy.Tests;
using Saliency.Grains.Storage;
using Saliency.Silo.Hosting;
using Saliency.Storage;
using Saliency.Telemetry.Hosting;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary>
/// docs/cluster.md's recipe for several silos on one machine, run as written: the lines of its fenced block are read
/// from the document, and each line's <c>NAME=VALUE</c> settings start one real silo process (the built silo host,
/// its appsettings.json plus exactly those settings) with the ports the recipe gives, which are the defaults for the
/// first silo. Added for the test only, and not ports: the synthetic evaluator and a temporary results folder. Both
/// silos must become ready, the second must join the first, and both must serve. <c>SALIENCY_MALLOC_TUNING=off</c>
/// spares the silos their restart (less load on a shared machine; not a port either). In the "silo processes"
/// collection, so it never overlaps the Redis clustering test, whose CLI has a 5 s connect limit.
/// </summary>
[Collection("silo processes")]
public sealed partial class SiloRecipeTests
{
    private const string Marker = "<!-- recipe: silos on one machine";

    /// <summary>The settings of each command line of the recipe, in order.</summary>
    internal static List<Dictionary<string, string>> ReadRecipe()
    {
        var doc = File.ReadAllLines(RepoPaths.Combine("docs", "cluster.md"));
        int marker = Array.FindIndex(doc, l => l.StartsWith(Marker, StringComparison.Ordinal));
        Assert.True(marker >= 0, $"docs/cluster.md has no '{Marker}' line");
        Assert.Equal("```bash", doc[marker + 1]);
        var lines = doc.Skip(marker + 2).TakeWhile(l => l != "```").Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return lines.Select(line =>
        {
            var match = CommandLine().Match(line);
            Assert.True(match.Success, $"not a 'NAME=VALUE ... dotnet run --project silo/Saliency.Silo' line: {line}");
            return match.Groups["set"].Captures.ToDictionary(c => c.Value.Split('=', 2)[0], c => c.Value.Split('=', 2)[1].Trim());
        }).ToList();
    }

    /// <summary>Silo port, gateway port and telemetry endpoint a silo gets from appsettings.json plus <paramref name="settings"/>, as the host reads them.</summary>
    private static (int Silo, int Gateway, Uri Telemetry) Ports(Dictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)))
            .Build();
        var silo = configuration.GetSection(SiloSettings.Section).Get<SiloSettings>()!;
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        return (silo.SiloPort, silo.GatewayPort, new Uri(telemetry.HttpEndpoint.TrimEnd('/') + "/"));
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Two_silos_started_as_the_doc_says_both_join_the_cluster_and_serve()
    {
        var recipe = ReadRecipe();
        Assert.Equal(2, recipe.Count);
        var ports = recipe.Select(Ports).ToList();
        var all = ports.SelectMany((p, i) => new (int Silo, int Port, string Setting)[] { (i + 1, p.Silo, "SiloPort"), (i + 1, p.Gateway, "GatewayPort"), (i + 1, p.Telemetry.Port, "Telemetry:HttpEndpoint") }).ToList();
        var shared = all.GroupBy(p => p.Port).Where(g => g.Count() > 1).Select(g => $"{g.Key} ({string.Join(", ", g.Select(p => $"silo {p.Silo} {p.Setting}"))})").ToList();
        Assert.True(shared.Count == 0, $"the recipe gives two silos the same port: {string.Join("; ", shared)}");

        // The recipe uses fixed ports: runs of this test in other clones on this machine take turns.
        await using var turn = await MachineWideTurn.TakeAsync("saliency-silo-recipe-ports", TimeSpan.FromMinutes(4));
        var busy = ports.SelectMany(p => new[] { p.Silo, p.Gateway, p.Telemetry.Port }).Where(p => !Free(p)).ToList();
        Assert.True(busy.Count == 0, $"ports {string.Join(", ", busy)} are in use on this machine, so the recipe cannot be run here now");

        using var dir = new TempDir();
        var silos = new List<LocalSiloProcess>();
        try
        {
            foreach (var (settings, port) in recipe.Zip(ports))
            {
                var environment = new Dictionary<string, string>(settings)
                {
                    ["Saliency__Executor__Evaluator"] = "synthetic",
                    ["Saliency__Executor__SyntheticSecondsPerSample"] = "0.05",
                    ["Saliency__Results__Directory"] = dir.File("results"),
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
                    ["SALIENCY_MALLOC_TUNING"] = "off",
                };
                var silo = LocalSiloProcess.StartAsConfigured(environment, port.Silo, port.Gateway);
                silos.Add(silo);
                await WaitReadyAsync(silo, port.Telemetry, TimeSpan.FromSeconds(90));
            }

            // Both still running once the second is up (before the fix, the second died: address already in use).
            Assert.All(silos, s => Assert.False(s.HasExited, s.Log));

            var sweepFile = dir.File("recipe-sweep.yaml");
            File.WriteAllText(sweepFile, """
                name: recipe
                data: /nowhere/patches.spb
                model: /nowhere/model.ckpt
                samples: { limit: 16 }
                shard_size: 2
                methods:
                  - method: VanillaGrad
                  - method: GradCAM
                """);
            var (code, output, error) = await silos[1].CliWhenReachable(
                args => CliRunner.Run(args), "sweep", "submit", sweepFile, "--cluster", $"127.0.0.1:{ports[1].Gateway}", "--watch");
            Assert.True(code == 0, $"{output}\n{error}\nsilo 1: {silos[0].Log}\nsilo 2: {silos[1].Log}");
            Assert.Contains("Completed", output, StringComparison.Ordinal);

            // The second silo joined the first: the sweep's shards ran on both.
            var store = new ObjectStoreResultStore(new LocalDirectoryObjectStore(dir.File("results")));
            var sweepId = Assert.Single(await store.ListSweepsAsync());
            var shards = await store.ReadShardsAsync(sweepId);
            Assert.Equal(2 * 8, shards.Count);
            Assert.Equal(2, shards.Select(s => s.Silo).Distinct().Count());

            // Both gateways serve clients, both telemetry endpoints answer.
            var (statusCode, status, statusError) = CliRunner.Run("sweep", "status", sweepId, "--cluster", $"127.0.0.1:{ports[0].Gateway}");
            Assert.True(statusCode == 0, statusError);
            Assert.Contains("Completed", status, StringComparison.Ordinal);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var (_, _, telemetry) in ports)
            {
                Assert.Equal("ok\n", await http.GetStringAsync(new Uri(telemetry, "healthz")));
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task WaitReadyAsync(LocalSiloProcess silo, Uri telemetry, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !silo.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri(telemetry, "readyz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the silo with telemetry on {telemetry} did not become ready (exited: {silo.HasExited}):\n{silo.Log}");
    }

    [GeneratedRegex(@"^(?:(?<set>[A-Za-z_][A-Za-z0-9_]*=\S*)\s+)*dotnet run --project silo/Saliency\.Silo$")]
    private static partial Regex CommandLine();

    /// <summary>An exclusive lock on a file in the temp folder, held for one test across processes on this machine.</summary>
    private sealed class MachineWideTurn : IAsyncDisposable
    {
        private readonly FileStream _file;

        private MachineWideTurn(FileStream file) => _file = file;

        public static async Task<MachineWideTurn> TakeAsync(string name, TimeSpan timeout)
        {
            var path = Path.Combine(Path.GetTempPath(), name + ".lock");
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    return new MachineWideTurn(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(500);
                }
            }
        }

        public ValueTask DisposeAsync() => _file.DisposeAsync();
    }
}
