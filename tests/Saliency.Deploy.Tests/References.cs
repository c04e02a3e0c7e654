using System.Text;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>Name lookups the way the API server resolves them: exact name, same namespace.</summary>
internal static class References
{
    public static V1ConfigMap? ConfigMap(Installation installation, string ns, string name) =>
        installation.OfType<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name == name && c.Metadata.NamespaceProperty == ns);

    public static V1Secret? Secret(Installation installation, string ns, string name) =>
        installation.OfType<V1Secret>().SingleOrDefault(s => s.Metadata.Name == name && s.Metadata.NamespaceProperty == ns);

    public static V1Service? Service(Installation installation, string ns, string name) =>
        installation.OfType<V1Service>().SingleOrDefault(s => s.Metadata.Name == name && s.Metadata.NamespaceProperty == ns);

    /// <summary>A Secret's values as text (data is base64 on the wire, stringData plain).</summary>
    public static IReadOnlyDictionary<string, string> SecretData(V1Secret secret)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            values[k] = Encoding.UTF8.GetString(v);
        }

        foreach (var (k, v) in secret.StringData ?? new Dictionary<string, string>())
        {
            values[k] = v;
        }

        return values;
    }

    /// <summary>A label selector (matchLabels and matchExpressions) against labels.</summary>
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        if (selector.MatchLabels is { } match && !match.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
        {
            return false;
        }

        return (selector.MatchExpressions ?? []).All(e =>
        {
            var has = labels.TryGetValue(e.Key, out var value);
            return e.OperatorProperty switch
            {
                "In" => has && e.Values.Contains(value!),
                "NotIn" => !has || !e.Values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => throw new InvalidOperationException($"label selector operator {e.OperatorProperty}"),
            };
        });
    }

    /// <summary>A Service's plain selector (map) against pod labels; an empty selector selects nothing here.</summary>
    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>A container port by number or name (Service targetPort, probe port, NetworkPolicy port).</summary>
    public static int? ContainerPort(V1PodSpec pod, string numberOrName)
    {
        if (int.TryParse(numberOrName, out var n))
        {
            return pod.Containers.Any(c => c.Ports?.Any(p => p.ContainerPort == n) == true) ? n : null;
        }

        return pod.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == numberOrName)?.ContainerPort;
    }
}
