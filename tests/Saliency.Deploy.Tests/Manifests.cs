using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>Typed views over rendered objects, and the silo conventions the manifests follow.</summary>
internal static class Manifests
{
    public const string SiloAppName = "saliency-silo";
    public const string GpuSiloName = "saliency-silo-gpu";
    public const string CpuSiloName = "saliency-silo-cpu";
    public const string SiloConfigMapName = "saliency-silo";

    /// <summary>The kustomizations that deploy silos.</summary>
    public static IReadOnlyList<string> SiloEntrypoints { get; } = ["overlays/dev", "overlays/gpu-pool"];

    public static IEnumerable<V1Deployment> Deployments(IEnumerable<object> objects) => objects.OfType<V1Deployment>();

    public static IReadOnlyList<V1Deployment> Silos(IEnumerable<object> objects) =>
        [.. Deployments(objects).Where(d => d.Spec.Template.Metadata.Labels.TryGetValue("app.kubernetes.io/name", out var n) && n == SiloAppName)];

    public static V1Deployment Silo(IEnumerable<object> objects, string name) =>
        Deployments(objects).Single(d => d.Metadata.Name == name);

    public static V1Container SiloContainer(V1Deployment silo) => silo.Spec.Template.Spec.Containers.Single(c => c.Name == "silo");

    public static V1ConfigMap ConfigMap(IEnumerable<object> objects, string name) =>
        objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == name || c.Metadata.Name.StartsWith(name + "-", StringComparison.Ordinal));

    /// <summary>True when every key/value of the selector is among the labels (matchLabels semantics).</summary>
    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null &&
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>Resolves a probe's port (number or container port name) to a number.</summary>
    public static int ProbePort(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out var number)
            ? number
            : container.Ports.Single(p => p.Name == port.Value).ContainerPort;
}
