using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Saliency.Core.Data;
using Saliency.Core.Data.Samples;
using Saliency.Core.IO;
using Saliency.Storage;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>
/// A cluster made from the rendered dev manifests, on this machine: two pods of the rendered work-silo Deployment
/// (<c>saliency-silo-gpu</c>, CPU device in dev) and the rendered sweep Job, each a process started with exactly the
/// environment its container gets (<see cref="ContainerEnvironment"/>: ConfigMap, Secrets, downward API, $(VAR)),
/// running the Job's own arguments and sweep file. What a pod has that a process here has not is replaced, and only
/// that:
/// <list type="bullet">
/// <item>downward API: <c>status.podIP</c> is a loopback address of its own per pod (127.a.b.2, .3), <c>metadata.name</c> a pod name;</item>
/// <item>Service DNS: a <c>host:port</c> naming a rendered Service (in the Secrets' connection strings, the OTLP endpoint)
/// becomes the test's stand-in: Redis -> a private redis-server, Azurite blob -> a private Azurite, others -> a closed port;</item>
/// <item>volumes: paths under a container's volume mounts point into a folder per pod (ConfigMap volumes hold the ConfigMap's files);</item>
/// <item>one network namespace for all: a pod's "all interfaces" (0.0.0.0) is its own address, and the silo listens only there
/// (<c>Saliency__Silo__ListenOnAnyHostAddress=false</c>, the one added variable), so both silos use the rendered ports.</item>
/// </list>
/// Before the sweep, each silo must answer its rendered readiness probe and accept connections on every port the
/// NetworkPolicies admit to it from the other silos and from the Job. A wrong cluster id, port or Secret name in the
/// YAML therefore fails the test.
/// </summary>
public sealed class LoopbackClusterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan SiloReady = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan SweepDone = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task Two_silos_and_the_sweep_job_from_the_rendered_dev_manifests_run_the_quick_sweep_to_the_end()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var i = Installation.Get("dev");
        var silo = i.Workload("Deployment", Manifests.GpuSiloName);
        var job = i.Workload("Job", "saliency-sweep");
        using var dir = new TempDir();
        using var redis = new PrivateRedis();
        using var azurite = new PrivateAzurite();
        var dns = new Dictionary<(string Service, int Port), string>
        {
            [("redis", 6379)] = $"127.0.0.1:{redis.Port}",
            [("azurite", 10000)] = $"127.0.0.1:{azurite.Port}",
        };

        // The data set the Job's sweep names (store:datasets/quick/files/...), pushed as docs/deploy.md step 6 does,
        // into the container the silos' ConfigMap names, with the storage Secret's connection string.
        var silosEnv = PodEnvironment(i, silo, "127.0.0.9", dir.File("probe"), dns);
        await PushQuickDataSet(dir.File("quick"), AzureBlobObjectStore.Create(silosEnv["Storage__ConnectionString"], silosEnv["Storage__Container"]));

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: data set pushed");
        var net = Random.Shared.Next(1, 250);
        var pods = new List<PodProcess>();
        try
        {
            var addresses = new[] { $"127.{net}.{Random.Shared.Next(1, 250)}.2", $"127.{net}.{Random.Shared.Next(1, 250)}.3" };
            foreach (var (ip, n) in addresses.Select((a, n) => (a, n)))
            {
                var env = PodEnvironment(i, silo, ip, dir.File($"silo-{n}"), dns);
                env["Saliency__Silo__ListenOnAnyHostAddress"] = "false";
                var container = Manifests.SiloContainer((V1Deployment)silo.Object);
                Assert.Null(container.Command); // the image's entrypoint: dotnet Saliency.Silo.dll
                pods.Add(PodProcess.Start($"silo-{n} ({ip})", "Saliency.Silo.dll", container.Args ?? [], env, dir.File($"silo-{n}")));
            }

            for (var n = 0; n < addresses.Length; n++)
            {
                await WaitReadyAsync(pods[n], silo, addresses[n]);
                await AcceptsAdmittedPortsAsync(i, pods[n], silo, job, addresses[n], pods);
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: both silos ready");
            var cliContainer = job.Pod.Containers.Single();
            var cliEnv = PodEnvironment(i, job, $"127.{net}.0.4", dir.File("job"), dns);
            var args = (cliContainer.Args ?? []).Select(a => MapVolumePath(cliContainer, a, dir.File("job"))).ToList();
            Assert.Null(cliContainer.Command); // the image's entrypoint: dotnet saliency.dll
            await using var cli = PodProcess.Start("job", "saliency.dll", args, cliEnv, dir.File("job"));
            var finished = await cli.WaitForExitAsync(SweepDone);
            var logs = $"job:\n{cli.Log}\n" + string.Join("\n", pods.Select(p => $"{p.Name}:\n{Tail(p.Log)}"));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the Job finished\n{cli.Log}");
            Assert.True(finished, $"the sweep Job did not finish in {SweepDone}:\n{logs}");
            Assert.True(cli.ExitCode == 0, $"the sweep Job exited {cli.ExitCode}:\n{logs}");
            Assert.Contains("Completed", cli.Log, StringComparison.Ordinal);

            // The results are in the storage the ConfigMap names (Saliency__Results__Storage=store:results), every shard.
            var store = AzureBlobObjectStore.Create(silosEnv["Storage__ConnectionString"], silosEnv["Storage__Container"]);
            var results = await store.ListAsync("results/");
            Assert.True(results.Count > 0, "no results stored under results/:\n" + logs);
            Assert.DoesNotContain(silosEnv["Storage__ConnectionString"], cli.Log + string.Join("", pods.Select(p => p.Log)), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var pod in pods)
            {
                await pod.DisposeAsync();
            }
        }
    }

    /// <summary>The container's rendered environment with the loopback replacements of the class summary.</summary>
    private static Dictionary<string, string> PodEnvironment(Installation i, Workload w, string podIp, string podDir, IReadOnlyDictionary<(string Service, int Port), string> dns)
    {
        Directory.CreateDirectory(podDir);
        var container = w.Pod.Containers.Single();
        var closed = ClosedPort();
        var rendered = ContainerEnvironment.Resolve(i, w, container, path => path switch
        {
            "metadata.name" => $"{w.Name}-loopback-{podIp.Split('.')[^1]}",
            "status.podIP" => podIp,
            _ => throw new InvalidOperationException($"downward API field {path} has no loopback value"),
        });
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in rendered)
        {
            var v = ServiceHostPort().Replace(value, m =>
            {
                var host = m.Groups["host"].Value;
                var port = int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture);
                if (References.Service(i, w.Namespace, host.Split('.')[0]) is not { } service)
                {
                    return m.Value;
                }

                Assert.True(service.Spec.Ports?.Any(p => p.Port == port) == true, $"{w}/{container.Name} env {key} names {host}:{port}, but Service {service.Metadata.Name} has no such port");
                return dns.TryGetValue((service.Metadata.Name, port), out var local) ? local : $"127.0.0.1:{closed}";
            });
            v = v.Replace("0.0.0.0", podIp, StringComparison.Ordinal);
            env[key] = MapVolumePath(container, v, podDir);
        }

        // /tmp is an emptyDir in the pod: the process's temporary folder goes there.
        if ((container.VolumeMounts ?? []).Any(m => m.MountPath == "/tmp"))
        {
            env["TMPDIR"] = MapVolumePath(container, "/tmp", podDir);
        }

        // ConfigMap volumes hold the ConfigMap's data as files.
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var local = MapVolumePath(container, mount.MountPath, podDir);
            Directory.CreateDirectory(local);
            var volume = w.Pod.Volumes.Single(v => v.Name == mount.Name);
            if (volume.ConfigMap is { } cm)
            {
                foreach (var (file, text) in References.ConfigMap(i, w.Namespace, cm.Name)?.Data ?? new Dictionary<string, string>())
                {
                    File.WriteAllText(Path.Combine(local, file), text);
                }
            }
        }

        return env;
    }

    /// <summary>A path under one of the container's volume mounts, mapped into the pod's folder; other values unchanged.</summary>
    private static string MapVolumePath(V1Container container, string value, string podDir)
    {
        foreach (var mount in (container.VolumeMounts ?? []).OrderByDescending(m => m.MountPath.Length))
        {
            if (value == mount.MountPath || value.StartsWith(mount.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                return Path.Combine(podDir, "volumes", mount.Name) + value[mount.MountPath.TrimEnd('/').Length..];
            }
        }

        return value;
    }

    /// <summary>Polls the container's rendered readiness probe (HTTP GET on the pod's address) until it answers 200.</summary>
    private static async Task WaitReadyAsync(PodProcess pod, Workload silo, string ip)
    {
        var container = silo.Pod.Containers.Single();
        var probe = container.ReadinessProbe.HttpGet;
        var url = new Uri($"http://{ip}:{Manifests.ProbePort(container, probe.Port)}{probe.Path}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + SiloReady;
        while (DateTime.UtcNow < deadline && !pod.HasExited)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{pod.Name} did not pass its readiness probe {url} in {SiloReady} (exited: {pod.HasExited}):\n{Tail(pod.Log)}");
    }

    /// <summary>Every container port the NetworkPolicies admit to the silo from a silo or from the Job accepts connections.</summary>
    private static async Task AcceptsAdmittedPortsAsync(Installation i, PodProcess pod, Workload silo, Workload job, string ip, IReadOnlyList<PodProcess> pods)
    {
        var ports = silo.Pod.Containers.SelectMany(c => c.Ports ?? []).Select(p => p.ContainerPort)
            .Where(p => NetworkPolicies.Admits(i, Peer.Of(silo), silo, p) || NetworkPolicies.Admits(i, Peer.Of(job), silo, p))
            .ToList();
        Assert.NotEmpty(ports);
        foreach (var port in ports)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Parse(ip), port).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                Assert.Fail($"{pod.Name}: nothing listens on {ip}:{port}, a port the NetworkPolicies admit to {silo}: the silos' configured ports and the policies disagree.\n{Tail(pod.Log)}");
            }
        }
    }

    /// <summary>A tiny data set in the layout of `saliency run --profile quick` (patches.salpatch, model.safetensors, samples.json), pushed as data set "quick".</summary>
    private static async Task PushQuickDataSet(string folder, IObjectStore store)
    {
        const int size = 32; // the smallest patch ResNet-18 takes down to its 1x1 layer4: the sweep's cost stays small
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        var patches = new List<PatchRecord>();
        for (var n = 0; n < 5; n++)
        {
            var pixels = new byte[size * size];
            var mask = new byte[size * size];
            int cx = random.Next(8, 24), cy = random.Next(8, 24);
            for (var p = 0; p < pixels.Length; p++)
            {
                var inside = Math.Abs((p % size) - cx) < 4 && Math.Abs((p / size) - cy) < 4;
                pixels[p] = inside ? (byte)240 : (byte)(80 + random.Next(40));
                mask[p] = inside ? (byte)1 : (byte)0;
            }

            patches.Add(new PatchRecord(pixels, mask, 1, new PatchProvenance($"img{n}.jpg", 0, n)));
        }

        PatchSetWriter.Write(Path.Combine(folder, "patches.salpatch"), new PatchSetDescription("loopback", ["defect"], size, size, new Dictionary<string, string>()), patches);
        TorchSharp.torch.manual_seed(11);
        var norm = new InputNormalisation([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        using (var classifier = new Classifier(new ResNet18(2), norm, ["none", "defect"]))
        {
            ModelStore.Save(Path.Combine(folder, "model.safetensors"), classifier, new ModelMetadata
            {
                ClassIds = [0, 1],
                ClassNames = ["none", "defect"],
                NormalisationMean = norm.Mean,
                NormalisationStd = norm.Std,
                PatchSize = size,
            });
        }

        // A samples file as `saliency select` writes it: the silos check it was made for this patch set.
        new SampleSelection
        {
            PatchSet = "patches.salpatch",
            PatchSetSha256 = FileDigest.Sha256(Path.Combine(folder, "patches.salpatch")),
            Model = "model.safetensors",
            ModelSha256 = FileDigest.Sha256(Path.Combine(folder, "model.safetensors")),
            MinConfidence = 0,
            SplitSeed = 0,
            ValidationFraction = 0,
            Candidates = 4,
            Samples = [.. Enumerable.Range(0, 4).Select(i => new SelectedSample(i, $"img{i}.jpg", i, 1, 1))],
        }.Save(Path.Combine(folder, "samples.json"));
        await DatasetTransfer.PushAsync(store, folder, "quick");
    }

    private static int ClosedPort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string Tail(string log) => log.Length > 6000 ? log[^6000..] : log;

    private static Regex ServiceHostPort() => new(@"(?<![A-Za-z0-9.\-])(?<host>[a-z][-a-z0-9]*(?:\.[a-z0-9][-a-z0-9]*)*):(?<port>[0-9]{2,5})(?![0-9])");
}
