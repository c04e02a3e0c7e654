using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>The Orleans gateway and the silos' HTTP endpoints are not exposed outside the cluster by default.</summary>
public sealed class NetworkExposureTests
{
    private const int GatewayPort = 30000;
    private const int SiloPort = 11111;

    public static TheoryData<string> Entrypoints() => [.. Kustomize.Entrypoints];

    [Theory]
    [MemberData(nameof(Entrypoints))]
    public void No_service_is_reachable_from_outside_the_cluster(string entrypoint)
    {
        Assert.All(Kustomize.Render(entrypoint).OfType<V1Service>(), s =>
        {
            Assert.True(s.Spec.Type is null or "ClusterIP", $"{s.Metadata.Name} is of type {s.Spec.Type}");
            Assert.Null(s.Spec.ExternalIPs);
        });
        Assert.Empty(Kustomize.Render(entrypoint).OfType<V1Ingress>());
    }

    [Theory]
    [MemberData(nameof(SiloManifestTests.SiloEntrypoints), MemberType = typeof(SiloManifestTests))]
    public void Silo_ports_accept_only_pods_of_this_namespace(string entrypoint)
    {
        var objects = Kustomize.Render(entrypoint);
        var policies = objects.OfType<V1NetworkPolicy>().ToList();
        Assert.All(Manifests.Silos(objects), silo =>
        {
            var labels = silo.Spec.Template.Metadata.Labels;
            var applying = policies.Where(p => Selects(p.Spec.PodSelector, labels)).ToList();
            Assert.NotEmpty(applying);
            Assert.All(applying, p => Assert.Contains("Ingress", p.Spec.PolicyTypes));
            var peers = applying.SelectMany(p => p.Spec.Ingress ?? []).ToList();
            // Every rule names its ports, and its peers are pods of this namespace (no ipBlock, no other namespace).
            Assert.All(peers, rule =>
            {
                Assert.NotEmpty(rule.Ports ?? []);
                Assert.NotEmpty(rule.FromProperty ?? []);
                Assert.All(rule.FromProperty!, peer =>
                {
                    Assert.Null(peer.IpBlock);
                    Assert.Null(peer.NamespaceSelector);
                    Assert.NotNull(peer.PodSelector);
                });
            });
            var gatewayOpenTo = peers.Where(r => r.Ports.Any(p => p.Port.Value == GatewayPort.ToString())).ToList();
            Assert.NotEmpty(gatewayOpenTo);
            Assert.Contains(peers, r => r.Ports.Any(p => p.Port.Value == SiloPort.ToString()));
        });
    }

    /// <summary>A network policy's pod selector (matchLabels and matchExpressions In/NotIn/Exists) against pod labels.</summary>
    private static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels)
    {
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
                _ => throw new InvalidOperationException($"operator {e.OperatorProperty}"),
            };
        });
    }
}
