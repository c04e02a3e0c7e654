using System.Diagnostics;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Saliency.Deploy.Tests;

/// <summary>
/// The telemetry path is wired end to end with consistent names and ports: silos -> OTLP -> collector -> Prometheus
/// exporter -> Prometheus scrape -> Grafana data source.
/// </summary>
public sealed class ObservabilityWiringTests
{
    private static IReadOnlyList<object> Observability => Kustomize.Render("observability");

    [Theory]
    [MemberData(nameof(SiloManifestTests.SiloEntrypoints), MemberType = typeof(SiloManifestTests))]
    public void Silos_send_otlp_to_the_collector_service_port_the_collector_receives_on(string entrypoint)
    {
        var endpoint = new Uri(Manifests.ConfigMap(Kustomize.Render(entrypoint), Manifests.SiloConfigMapName).Data["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var service = Service("otel-collector");
        Assert.Equal(service.Metadata.Name, endpoint.Host);
        var port = Assert.Single(service.Spec.Ports, p => p.Port == endpoint.Port);
        Assert.Equal(ContainerPort("otel-collector", port.TargetPort.Value), ReceiverPort("grpc"));
    }

    [Theory]
    [MemberData(nameof(SiloManifestTests.SiloEntrypoints), MemberType = typeof(SiloManifestTests))]
    public void Prometheus_scrapes_each_silo_on_its_telemetry_port_and_the_silos_push_no_metrics(string entrypoint)
    {
        var installation = Installation.Get(entrypoint["overlays/".Length..]);
        var config = new Dictionary<string, string>(Manifests.ConfigMap(installation.All, Manifests.SiloConfigMapName).Data);
        var port = new Uri(config["Telemetry__HttpEndpoint"]).Port;
        var targets = PrometheusConfig.Load(installation).PodTargets(installation);
        foreach (var silo in NetworkReachabilityTests.Silos(installation))
        {
            var target = Assert.Single(targets, t => t.Workload == silo);
            Assert.Equal(port, target.Port);
            Assert.NotNull(References.ContainerPort(silo.Pod, port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.NotEqual("false", config.TryGetValue("Telemetry__Prometheus", out var serve) ? serve : "true");
            // Liveness per pod from the scrape (`up` per instance), by role.
            Assert.Equal(silo.Labels["app.kubernetes.io/component"], target.Labels["component"]);
        }

        // One path for metrics: scraped, not also pushed through the collector (which would count them twice).
        Assert.Equal("none", config["OTEL_METRICS_EXPORTER"]);
        Assert.False(Pipelines().ContainsKey("metrics"), "the collector still has a metrics pipeline");
        Assert.DoesNotContain(ScrapeTargets(), t => t.StartsWith("otel-collector", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SiloManifestTests.SiloEntrypoints), MemberType = typeof(SiloManifestTests))]
    public void Traces_reach_a_backend_a_user_can_read_and_logs_are_not_sent_to_a_collector_that_drops_them(string entrypoint)
    {
        var config = new Dictionary<string, string>(Manifests.ConfigMap(Kustomize.Render(entrypoint), Manifests.SiloConfigMapName).Data);
        Assert.Equal("otlp", config.GetValueOrDefault("OTEL_TRACES_EXPORTER", "otlp"));
        var traces = Pipelines()["traces"];
        var exporters = ((YamlSequenceNode)traces["exporters"]).Select(e => ((YamlScalarNode)e).Value!).ToList();
        Assert.Contains(exporters, e => !e.StartsWith("debug", StringComparison.Ordinal));

        // Each exporter's endpoint is a Service of the stack whose port reaches a container port of its pods.
        foreach (var exporter in exporters.Where(e => !e.StartsWith("debug", StringComparison.Ordinal)))
        {
            var endpoint = ((YamlScalarNode)CollectorConfig()["exporters"][exporter]["endpoint"]).Value!;
            var uri = new Uri(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "grpc://" + endpoint);
            var service = Service(uri.Host);
            var port = Assert.Single(service.Spec.Ports, p => p.Port == uri.Port);
            Assert.Equal(4317, ContainerPort(uri.Host, port.TargetPort.Value)); // the backend's OTLP gRPC receiver
        }

        // Grafana can read the traces: a Jaeger data source on the trace backend's query port.
        var datasources = (YamlSequenceNode)Yaml(ConfigMapFile("grafana-provisioning", "datasources.yaml"))["datasources"];
        var jaeger = datasources.Cast<YamlMappingNode>().Single(d => ((YamlScalarNode)d["type"]).Value == "jaeger");
        var url = new Uri(((YamlScalarNode)jaeger["url"]).Value!);
        Assert.Contains(Service(url.Host).Spec.Ports, p => p.Port == url.Port);

        // Logs: either the collector exports them, or the silos do not send them.
        Assert.True(config.GetValueOrDefault("OTEL_LOGS_EXPORTER") == "none" || Pipelines().ContainsKey("logs"),
            "the silos send logs over OTLP but the collector has no logs pipeline");
    }

    [Fact]
    public void Grafana_reads_the_prometheus_service()
    {
        var datasources = Yaml(ConfigMapFile("grafana-provisioning", "datasources.yaml"));
        var url = new Uri(((YamlScalarNode)((YamlMappingNode)((YamlSequenceNode)datasources["datasources"])[0])["url"]).Value!);
        var service = Service(url.Host);
        Assert.Contains(service.Spec.Ports, p => p.Port == url.Port);
        Assert.Equal("prometheus", service.Spec.Selector["app.kubernetes.io/name"]);
    }

    [Fact]
    public void The_prometheus_configuration_is_valid_for_promtool()
    {
        var file = RepoPaths.Combine("k8s", "observability", "prometheus.yml");
        var start = new ProcessStartInfo("promtool", ["check", "config", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool (Debian package prometheus, installed by scripts/services/prometheus.sh) is needed", e);
        }

        using var _ = process;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
    }

    private static YamlMappingNode CollectorConfig() => Yaml(ConfigMapFile("otel-collector-config", "config.yaml"));

    private static Dictionary<string, YamlMappingNode> Pipelines() =>
        ((YamlMappingNode)CollectorConfig()["service"]["pipelines"]).Children
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (YamlMappingNode)kv.Value);

    private static int ReceiverPort(string protocol) =>
        new Uri("http://" + ((YamlScalarNode)CollectorConfig()["receivers"]["otlp"]["protocols"][protocol]["endpoint"]).Value).Port;

    private static List<string> ScrapeTargets()
    {
        var config = Yaml(ConfigMapFile("prometheus-config", "prometheus.yml"));
        return [.. ((YamlSequenceNode)config["scrape_configs"])
            .Cast<YamlMappingNode>()
            .Where(job => job.Children.ContainsKey("static_configs"))
            .SelectMany(job => (YamlSequenceNode)job["static_configs"])
            .Cast<YamlMappingNode>()
            .SelectMany(sc => (YamlSequenceNode)sc["targets"])
            .Select(t => ((YamlScalarNode)t).Value!)];
    }

    private static string ConfigMapFile(string name, string key) => Manifests.ConfigMap(Observability, name).Data[key];

    private static V1Service Service(string name) => Observability.OfType<V1Service>().Single(s => s.Metadata.Name == name);

    private static int ContainerPort(string deployment, string nameOrNumber)
    {
        var container = Observability.OfType<V1Deployment>().Single(d => d.Metadata.Name == deployment).Spec.Template.Spec.Containers[0];
        return int.TryParse(nameOrNumber, out var n) ? n : container.Ports.Single(p => p.Name == nameOrNumber).ContainerPort;
    }

    private static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
