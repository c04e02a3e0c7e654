using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>A pod that opens connections: a rendered workload's pods, or a stranger (any other pod).</summary>
internal sealed record Peer(string Description, string Namespace, IDictionary<string, string> Labels, Workload? Workload)
{
    public static Peer Of(Workload w) => new(w.ToString(), w.Namespace, w.Labels, w);

    /// <summary>Pods that are not part of the deployment: one without labels in its namespace, one in another namespace.</summary>
    public static IReadOnlyList<Peer> Strangers(string ns) =>
    [
        new($"an unlabelled pod in {ns} (kubectl run)", ns, new Dictionary<string, string>(), null),
        new("a pod in another namespace", "elsewhere", new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "saliency" }, null),
    ];
}

/// <summary>
/// Kubernetes NetworkPolicy semantics over rendered objects: a connection from a pod to a pod's TCP port is admitted
/// when the destination's ingress and the source's egress both admit it. A pod that no policy of a direction selects
/// is open in that direction; policies add up (any rule of any selecting policy admits). Peers: <c>podSelector</c>
/// alone means pods of the policy's namespace, <c>namespaceSelector</c> matches the namespace's labels (with the
/// automatic <c>kubernetes.io/metadata.name</c>), an <c>ipBlock</c> is taken to admit any pod (the worst case).
/// Ports: absent means all; named ports resolve against the destination's containers; <c>endPort</c> ranges count.
/// </summary>
internal static class NetworkPolicies
{
    public static bool Admits(Installation installation, Peer source, Workload destination, int port) =>
        IngressAdmits(installation, source, destination, port) && EgressAdmits(installation, source, destination, port);

    /// <summary>The peers among <paramref name="candidates"/> that may open <paramref name="port"/> on <paramref name="destination"/>.</summary>
    public static IReadOnlyList<Peer> AdmittedTo(Installation installation, Workload destination, int port, IEnumerable<Peer> candidates) =>
        [.. candidates.Where(p => Admits(installation, p, destination, port))];

    private static bool IngressAdmits(Installation installation, Peer source, Workload destination, int port)
    {
        var policies = Applying(installation, destination.Namespace, destination.Labels, "Ingress").ToList();
        return policies.Count == 0 || policies.Any(p => (p.Spec.Ingress ?? []).Any(rule =>
            PortMatches(rule.Ports, destination, port) && PeersMatch(installation, rule.FromProperty, p.Metadata.NamespaceProperty, source.Namespace, source.Labels)));
    }

    private static bool EgressAdmits(Installation installation, Peer source, Workload destination, int port)
    {
        var policies = Applying(installation, source.Namespace, source.Labels, "Egress").ToList();
        return policies.Count == 0 || policies.Any(p => (p.Spec.Egress ?? []).Any(rule =>
            PortMatches(rule.Ports, destination, port) && PeersMatch(installation, rule.To, p.Metadata.NamespaceProperty, destination.Namespace, destination.Labels)));
    }

    private static IEnumerable<V1NetworkPolicy> Applying(Installation installation, string ns, IDictionary<string, string> labels, string direction) =>
        installation.OfType<V1NetworkPolicy>().Where(p =>
            p.Metadata.NamespaceProperty == ns
            && (IsEmpty(p.Spec.PodSelector) || References.Selects(p.Spec.PodSelector, labels))
            && Types(p).Contains(direction));

    private static bool IsEmpty(V1LabelSelector? s) => s is null || ((s.MatchLabels?.Count ?? 0) == 0 && (s.MatchExpressions?.Count ?? 0) == 0);

    /// <summary>policyTypes, or what the API server defaults it to (Ingress, plus Egress when egress rules exist).</summary>
    private static IReadOnlyList<string> Types(V1NetworkPolicy p) =>
        p.Spec.PolicyTypes is { Count: > 0 } types ? [.. types] : p.Spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"];

    private static bool PortMatches(IList<V1NetworkPolicyPort>? ports, Workload destination, int port) =>
        ports is null || ports.Count == 0 || ports.Any(p =>
        {
            if ((p.Protocol ?? "TCP") != "TCP")
            {
                return false;
            }

            if (p.Port is null)
            {
                return true;
            }

            var number = References.ContainerPort(destination.Pod, p.Port.Value) is { } resolved && !int.TryParse(p.Port.Value, out _)
                ? resolved
                : int.TryParse(p.Port.Value, out var n) ? n : -1;
            return p.EndPort is { } end ? port >= number && port <= end : port == number;
        });

    private static bool PeersMatch(Installation installation, IList<V1NetworkPolicyPeer>? peers, string policyNamespace, string otherNamespace, IDictionary<string, string> otherLabels) =>
        peers is null || peers.Count == 0 || peers.Any(peer =>
        {
            if (peer.IpBlock is not null)
            {
                return true;
            }

            var namespaceOk = peer.NamespaceSelector is null
                ? otherNamespace == policyNamespace
                : References.Selects(peer.NamespaceSelector, NamespaceLabels(installation, otherNamespace)) || IsEmpty(peer.NamespaceSelector);
            var podOk = peer.PodSelector is null || IsEmpty(peer.PodSelector) || References.Selects(peer.PodSelector, otherLabels);
            return namespaceOk && podOk;
        });

    private static Dictionary<string, string> NamespaceLabels(Installation installation, string ns)
    {
        var labels = new Dictionary<string, string>(installation.OfType<V1Namespace>().SingleOrDefault(n => n.Metadata.Name == ns)?.Metadata.Labels
            ?? new Dictionary<string, string>())
        {
            ["kubernetes.io/metadata.name"] = ns,
        };
        return labels;
    }
}
