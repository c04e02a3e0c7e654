using k8s;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>
/// Per installation (overlay + its sweep Job + observability, rendered): the silos and every Orleans client form one
/// cluster (same ServiceId, ClusterId and membership store, computed from each container's effective environment),
/// every name a pod or Service refers to resolves to a rendered object of the same namespace (generated names with
/// their hash suffix included), and every namespaced object is in the deployment's namespace.
/// </summary>
public sealed class IdentityAndReferenceTests
{
    private static readonly string[] ClusterKeys =
        ["Saliency__Silo__ServiceId", "Saliency__Silo__ClusterId", "Saliency__Silo__Clustering", "Saliency__Silo__Redis"];

    public static TheoryData<string> Installations() => [.. Installation.Names];

    [Theory]
    [MemberData(nameof(Installations))]
    public void Silos_and_every_client_share_service_id_cluster_id_and_membership_store(string name)
    {
        var i = Installation.Get(name);
        var members = NetworkReachabilityTests.Silos(i).Append(i.Workload("Job", "saliency-sweep")).ToList();
        var views = members.ToDictionary(w => w.ToString(), w =>
        {
            var container = w.Pod.Containers[0];
            var env = ContainerEnvironment.Resolve(i, w, container, RuntimeField);
            return ClusterKeys.ToDictionary(k => k, k => env.GetValueOrDefault(k));
        });
        foreach (var key in ClusterKeys)
        {
            var values = views.ToDictionary(v => v.Key, v => v.Value[key]);
            Assert.True(values.Values.All(v => !string.IsNullOrWhiteSpace(v)),
                $"{name}: {key} is not set for " + string.Join(", ", values.Where(v => string.IsNullOrWhiteSpace(v.Value)).Select(v => v.Key)));
            Assert.True(values.Values.Distinct().Count() == 1,
                $"{name}: {key} differs: " + string.Join("; ", values.Select(v => $"{v.Key}={(key.EndsWith("Redis", StringComparison.Ordinal) ? "(secret)" : v.Value)}")));
        }

        // The CLI decides to look the gateways up in Redis from the same setting the silos use.
        Assert.Equal("redis", views.First().Value["Saliency__Silo__Clustering"]);
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Every_name_a_pod_refers_to_resolves_in_its_namespace(string name)
    {
        var i = Installation.Get(name);
        var problems = new List<string>();
        foreach (var w in i.Workloads)
        {
            foreach (var container in (w.Pod.InitContainers ?? []).Concat(w.Pod.Containers))
            {
                try
                {
                    ContainerEnvironment.Resolve(i, w, container, RuntimeField);
                }
                catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException)
                {
                    problems.Add(e.Message);
                }

                var volumes = (w.Pod.Volumes ?? []).Select(v => v.Name).ToHashSet();
                problems.AddRange((container.VolumeMounts ?? []).Where(m => !volumes.Contains(m.Name))
                    .Select(m => $"{w}/{container.Name} mounts volume {m.Name}, which the pod does not define"));
            }

            foreach (var volume in w.Pod.Volumes ?? [])
            {
                if (volume.ConfigMap is { } cm && cm.Optional != true && References.ConfigMap(i, w.Namespace, cm.Name) is not { } map)
                {
                    problems.Add($"{w} volume {volume.Name}: ConfigMap {cm.Name} is not rendered in {w.Namespace}");
                }
                else if (volume.ConfigMap is { Items: { } items } cm2 && References.ConfigMap(i, w.Namespace, cm2.Name) is { } found)
                {
                    problems.AddRange(items.Where(it => found.Data?.ContainsKey(it.Key) != true)
                        .Select(it => $"{w} volume {volume.Name}: ConfigMap {cm2.Name} has no key {it.Key}"));
                }

                if (volume.Secret is { } s && s.Optional != true && References.Secret(i, w.Namespace, s.SecretName) is null)
                {
                    problems.Add($"{w} volume {volume.Name}: Secret {s.SecretName} is not rendered in {w.Namespace}");
                }

                if (volume.PersistentVolumeClaim is { } pvc && !i.OfType<V1PersistentVolumeClaim>().Any(c => c.Metadata.Name == pvc.ClaimName && c.Metadata.NamespaceProperty == w.Namespace))
                {
                    problems.Add($"{w} volume {volume.Name}: PersistentVolumeClaim {pvc.ClaimName} is not rendered in {w.Namespace}");
                }
            }

            if (w.Pod.ServiceAccountName is { Length: > 0 } sa && sa != "default"
                && !i.OfType<V1ServiceAccount>().Any(a => a.Metadata.Name == sa && a.Metadata.NamespaceProperty == w.Namespace))
            {
                problems.Add($"{w}: ServiceAccount {sa} is not rendered in {w.Namespace}");
            }
        }

        foreach (var binding in i.OfType<V1RoleBinding>())
        {
            if (binding.RoleRef.Kind == "Role" && !i.OfType<V1Role>().Any(r => r.Metadata.Name == binding.RoleRef.Name && r.Metadata.NamespaceProperty == binding.Metadata.NamespaceProperty))
            {
                problems.Add($"RoleBinding {binding.Metadata.Name}: Role {binding.RoleRef.Name} is not rendered");
            }

            problems.AddRange((binding.Subjects ?? []).Where(s => s.Kind == "ServiceAccount"
                    && !i.OfType<V1ServiceAccount>().Any(a => a.Metadata.Name == s.Name && a.Metadata.NamespaceProperty == (s.NamespaceProperty ?? binding.Metadata.NamespaceProperty)))
                .Select(s => $"RoleBinding {binding.Metadata.Name}: ServiceAccount {s.Name} is not rendered"));
        }

        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Every_service_and_disruption_budget_selects_pods_that_declare_its_ports(string name)
    {
        var i = Installation.Get(name);
        var problems = new List<string>();
        foreach (var service in i.OfType<V1Service>())
        {
            var backends = i.Workloads.Where(w => w.Namespace == service.Metadata.NamespaceProperty && References.Selects(service.Spec.Selector, w.Labels)).ToList();
            if (backends.Count == 0)
            {
                problems.Add($"Service {service.Metadata.Name} selects no rendered pod");
            }

            foreach (var port in service.Spec.Ports ?? [])
            {
                var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                problems.AddRange(backends.Where(b => References.ContainerPort(b.Pod, target) is null)
                    .Select(b => $"Service {service.Metadata.Name} port {port.Port} targets {target}, which {b} does not declare"));
            }
        }

        foreach (var pdb in i.OfType<V1PodDisruptionBudget>())
        {
            if (!i.Workloads.Any(w => w.Namespace == pdb.Metadata.NamespaceProperty && References.Selects(pdb.Spec.Selector, w.Labels)))
            {
                problems.Add($"PodDisruptionBudget {pdb.Metadata.Name} selects no rendered pod");
            }
        }

        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Every_namespaced_object_is_in_the_deployments_namespace(string name)
    {
        var i = Installation.Get(name);
        string[] clusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass", "RuntimeClass", "CustomResourceDefinition"];
        var misplaced = i.All
            .Where(o => !clusterScoped.Contains(o.Kind) && ((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty != i.Namespace)
            .Select(o => $"{o.Kind}/{((IMetadata<V1ObjectMeta>)o).Metadata.Name} in '{((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty ?? "(none: the default namespace)"}'")
            .ToList();
        Assert.True(misplaced.Count == 0, $"{name}: not in namespace {i.Namespace}: {string.Join(", ", misplaced)}");
    }

    [Fact]
    public void The_jobs_sweep_file_is_sweeps_quick_yaml_over_the_cluster_storage()
    {
        // The Job's sweep (in its ConfigMap) is the shipped quick sweep with store: references instead of local paths.
        var rendered = Manifests.ConfigMap(Kustomize.Render("overlays/dev/submit-sweep"), "saliency-sweep-files").Data["quick.yaml"];
        var local = File.ReadAllText(RepoPaths.Combine("sweeps", "quick.yaml"));
        static IEnumerable<string> Grid(string yaml) => yaml.Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0 && !l.TrimStart().StartsWith('#'))
            .Where(l => !l.StartsWith("data:", StringComparison.Ordinal) && !l.StartsWith("model:", StringComparison.Ordinal) && !l.TrimStart().StartsWith("file:", StringComparison.Ordinal));
        Assert.Equal(Grid(local), Grid(rendered));
        Assert.Contains("data: store:", rendered, StringComparison.Ordinal);
        Assert.Contains("model: store:", rendered, StringComparison.Ordinal);
        Assert.Contains("file: store:", rendered, StringComparison.Ordinal);
    }

    private static string RuntimeField(string path) => path switch
    {
        "metadata.name" => "pod-0",
        "status.podIP" => "10.0.0.10",
        _ => throw new InvalidOperationException($"downward API field {path} is not modelled"),
    };
}
