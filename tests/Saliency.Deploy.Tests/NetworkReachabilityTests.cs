using System.Globalization;

namespace Saliency.Deploy.Tests;

/// <summary>
/// Which pods may reach which ports, computed from the rendered NetworkPolicies and pod-template labels (see
/// <see cref="NetworkPolicies"/>) of each installation: the flows the cluster needs are admitted, and the Orleans
/// gateway and the silos' metrics port admit nobody else (also no stranger pod, in the namespace or outside it).
/// Ports come from the configuration (the silos' ConfigMap), not from this test.
/// </summary>
public sealed class NetworkReachabilityTests
{
    public static TheoryData<string> Installations() => [.. Installation.Names];

    [Theory]
    [MemberData(nameof(Installations))]
    public void Silos_reach_each_other_on_the_silo_port(string name)
    {
        var i = Installation.Get(name);
        var port = SiloSetting(i, "Saliency__Silo__SiloPort");
        var silos = Silos(i);
        var denied = silos.SelectMany(from => silos.Where(to => !NetworkPolicies.Admits(i, Peer.Of(from), to, port)).Select(to => $"{from} -> {to}")).ToList();
        Assert.True(denied.Count == 0, $"{name}: silo-to-silo port {port} denied: {string.Join("; ", denied)}");
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Only_the_cli_job_reaches_the_gateway(string name)
    {
        var i = Installation.Get(name);
        var port = SiloSetting(i, "Saliency__Silo__GatewayPort");
        var cli = i.Workload("Job", "saliency-sweep");
        foreach (var silo in Silos(i))
        {
            var admitted = NetworkPolicies.AdmittedTo(i, silo, port, Candidates(i)).Select(p => p.Description).ToList();
            Assert.True(admitted.SequenceEqual([cli.ToString()]),
                $"{name}: gateway port {port} of {silo} is open to [{string.Join(", ", admitted)}], expected exactly the CLI Job {cli}");
        }
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Only_prometheus_reaches_the_silos_metrics_port(string name)
    {
        var i = Installation.Get(name);
        var port = new Uri(Manifests.ConfigMap(i.All, Manifests.SiloConfigMapName).Data["Telemetry__HttpEndpoint"]).Port;
        var prometheus = i.Workload("Deployment", "prometheus");
        foreach (var silo in Silos(i))
        {
            var admitted = NetworkPolicies.AdmittedTo(i, silo, port, Candidates(i)).Select(p => p.Description).ToList();
            Assert.True(admitted.SequenceEqual([prometheus.ToString()]),
                $"{name}: metrics port {port} of {silo} is open to [{string.Join(", ", admitted)}], expected exactly {prometheus}");
        }
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Prometheus_reaches_every_target_it_scrapes(string name)
    {
        var i = Installation.Get(name);
        var prometheus = Peer.Of(i.Workload("Deployment", "prometheus"));
        var targets = PrometheusConfig.Load(i).PodTargets(i);
        Assert.Contains(targets, t => t.Workload.Labels.TryGetValue("app.kubernetes.io/name", out var n) && n == Manifests.SiloAppName);
        Assert.Contains(targets, t => t.Workload.Name == "dcgm-exporter");
        var denied = targets.Where(t => !NetworkPolicies.Admits(i, prometheus, t.Workload, t.Port)).Select(t => $"{t.Job}: {t.Workload}:{t.Port}").ToList();
        Assert.True(denied.Count == 0, $"{name}: Prometheus cannot scrape {string.Join("; ", denied)}");
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Every_service_a_pod_is_configured_to_use_is_reachable_from_it(string name)
    {
        var i = Installation.Get(name);
        var problems = new List<string>();
        var flows = new List<(Workload From, string To)>();
        foreach (var w in i.Workloads)
        {
            foreach (var e in ServiceEndpoints.Of(i, w))
            {
                var servicePort = e.Service.Spec.Ports?.SingleOrDefault(p => p.Port == e.Port);
                if (servicePort is null)
                {
                    problems.Add($"{e.Source} names {e.Text}, but Service {e.Service.Metadata.Name} has no port {e.Port}");
                    continue;
                }

                var backends = i.Workloads.Where(b => b.Namespace == w.Namespace && References.Selects(e.Service.Spec.Selector, b.Labels)).ToList();
                if (backends.Count == 0)
                {
                    problems.Add($"{e.Source} names {e.Text}, but Service {e.Service.Metadata.Name} selects no pod");
                }

                foreach (var backend in backends)
                {
                    var target = References.ContainerPort(backend.Pod, servicePort.TargetPort?.Value ?? e.Port.ToString(CultureInfo.InvariantCulture));
                    if (target is null)
                    {
                        problems.Add($"{e.Source}: Service {e.Service.Metadata.Name} port {e.Port} targets {servicePort.TargetPort?.Value}, which {backend} does not declare");
                    }
                    else if (!NetworkPolicies.Admits(i, Peer.Of(w), backend, target.Value))
                    {
                        problems.Add($"{e.Source}: {w} -> {backend}:{target} ({e.Text}) is denied by the NetworkPolicies");
                    }
                    else
                    {
                        flows.Add((w, $"{backend.Name}:{target}"));
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));

        // The flows the issue names are among them: silos -> collector (OTLP), and in dev silos -> Redis and Azurite.
        foreach (var silo in Silos(i))
        {
            Assert.Contains(flows, f => f.From == silo && f.To == "otel-collector:4317");
            if (name == "dev")
            {
                Assert.Contains(flows, f => f.From == silo && f.To == "redis:6379");
                Assert.Contains(flows, f => f.From == silo && f.To == "azurite:10000");
            }
        }

        Assert.Contains(flows, f => f.From.Name == "saliency-sweep" && f.To == "otel-collector:4317");
        Assert.Contains(flows, f => f.From.Name == "otel-collector" && f.To == "jaeger:4317");
        Assert.Contains(flows, f => f.From.Name == "grafana" && f.To == "prometheus:9090");
    }

    [Fact]
    public void The_policy_reader_knows_a_closed_port_from_an_open_one()
    {
        // The checks above mean something only if the evaluator can deny: a stranger never reaches the silo port.
        var i = Installation.Get("dev");
        var silo = Silos(i)[0];
        Assert.All(Peer.Strangers(i.Namespace), s => Assert.False(NetworkPolicies.Admits(i, s, silo, SiloSetting(i, "Saliency__Silo__SiloPort"))));
        Assert.True(NetworkPolicies.Admits(i, Peer.Strangers(i.Namespace)[0], i.Workload("Deployment", "redis"), 6379));
        Assert.False(NetworkPolicies.Admits(i, Peer.Strangers(i.Namespace)[1], i.Workload("Deployment", "redis"), 6379));
    }

    internal static IReadOnlyList<Workload> Silos(Installation i)
    {
        var silos = i.Workloads.Where(w => w.Labels.TryGetValue("app.kubernetes.io/name", out var n) && n == Manifests.SiloAppName).ToList();
        Assert.Equal(2, silos.Count);
        return silos;
    }

    private static IEnumerable<Peer> Candidates(Installation i) => i.Workloads.Select(Peer.Of).Concat(Peer.Strangers(i.Namespace));

    private static int SiloSetting(Installation i, string key) =>
        int.Parse(Manifests.ConfigMap(i.All, Manifests.SiloConfigMapName).Data[key], CultureInfo.InvariantCulture);
}
