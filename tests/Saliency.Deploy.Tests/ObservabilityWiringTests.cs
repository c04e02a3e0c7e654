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

    [Fact]
    public void Prometheus_scrapes_the_collector_exporter_through_its_service()
    {
        var exporterPort = new Uri("http://" + CollectorConfig()["exporters"]["prometheus"]["endpoint"]).Port;
        var service = Service("otel-collector");
        var servicePort = Assert.Single(service.Spec.Ports, p => ContainerPort("otel-collector", p.TargetPort.Value) == exporterPort);
        var targets = ScrapeTargets();
        Assert.Contains($"{service.Metadata.Name}:{servicePort.Port}", targets);
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

    private static int ReceiverPort(string protocol) =>
        new Uri("http://" + ((YamlScalarNode)CollectorConfig()["receivers"]["otlp"]["protocols"][protocol]["endpoint"]).Value).Port;

    private static List<string> ScrapeTargets()
    {
        var config = Yaml(ConfigMapFile("prometheus-config", "prometheus.yml"));
        return [.. ((YamlSequenceNode)config["scrape_configs"])
            .Cast<YamlMappingNode>()
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
