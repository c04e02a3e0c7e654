using System.Text.RegularExpressions;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>A <c>host:port</c> that a pod's configuration names, where the host is a rendered Service.</summary>
internal sealed record ServiceEndpoint(string Text, V1Service Service, int Port, string Source);

/// <summary>
/// Finds the Services a pod talks to from what it is configured with: its effective environment (secrets and
/// ConfigMaps resolved) and the ConfigMaps mounted as volumes. A <c>host:port</c> (alone, in a URL, or in a
/// connection string) whose host is a Service of the pod's namespace (<c>name</c>, <c>name.ns</c>,
/// <c>name.ns.svc</c>, <c>name.ns.svc.cluster.local</c>) is an endpoint; other hosts (external services, loopback)
/// are not the deployment's business.
/// </summary>
internal static partial class ServiceEndpoints
{
    public static IReadOnlyList<ServiceEndpoint> Of(Installation installation, Workload workload)
    {
        var found = new List<ServiceEndpoint>();
        foreach (var container in workload.Pod.Containers)
        {
            var env = ContainerEnvironment.Resolve(installation, workload, container, path => path switch
            {
                "status.podIP" => "10.0.0.10",
                _ => "placeholder",
            });
            foreach (var (name, value) in env)
            {
                found.AddRange(Find(installation, workload.Namespace, value, $"{workload}/{container.Name} env {name}"));
            }
        }

        foreach (var volume in workload.Pod.Volumes ?? [])
        {
            if (volume.ConfigMap is { } cm && References.ConfigMap(installation, workload.Namespace, cm.Name) is { Data: { } data })
            {
                foreach (var (key, text) in data)
                {
                    found.AddRange(Find(installation, workload.Namespace, text, $"{workload} ConfigMap {cm.Name}/{key}"));
                }
            }
        }

        return found;
    }

    public static IEnumerable<ServiceEndpoint> Find(Installation installation, string ns, string text, string source)
    {
        foreach (Match m in HostPort().Matches(text))
        {
            var host = m.Groups["host"].Value;
            foreach (var suffix in new[] { $".{ns}.svc.cluster.local", $".{ns}.svc", $".{ns}" })
            {
                if (host.EndsWith(suffix, StringComparison.Ordinal))
                {
                    host = host[..^suffix.Length];
                    break;
                }
            }

            if (References.Service(installation, ns, host) is { } service)
            {
                yield return new ServiceEndpoint(m.Value, service, int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture), source);
            }
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9.\-])(?<host>[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?):(?<port>[0-9]{2,5})(?![0-9])")]
    private static partial Regex HostPort();
}
