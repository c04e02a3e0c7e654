using k8s;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>
/// Everything a user applies for one deployment, as rendered by <c>kubectl kustomize</c>: the overlay, its sweep Job
/// (<c>OVERLAY/submit-sweep</c>) and the observability stack, plus the objects docs/deploy.md has the user create by
/// hand (the Secrets of <c>k8s/base/secrets/*.template.yaml</c>) where the overlay does not generate them.
/// </summary>
internal sealed class Installation
{
    /// <summary>The deployments a user can install: the overlay folders under k8s/overlays.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dev", "gpu-pool"];

    private static readonly Dictionary<string, Installation> Cache = [];

    /// <summary>The Secrets docs/deploy.md (step 3) has the user create by hand, per installation; dev generates its own.</summary>
    private static readonly Dictionary<string, string[]> HandMadeSecrets = new()
    {
        ["gpu-pool"] = ["saliency-clustering", "saliency-storage"],
    };

    private Installation(string name, IReadOnlyList<IKubernetesObject> objects, IReadOnlyList<IKubernetesObject> handMade)
    {
        Name = name;
        Objects = objects;
        HandMade = handMade;
        All = [.. objects, .. handMade];
        Namespace = Assert.Single(objects.OfType<V1Namespace>()).Metadata.Name;
        Workloads = [.. Deploy.Tests.Workload.All(All)];
    }

    public string Name { get; }

    /// <summary>The rendered objects of the overlay, its submit-sweep Job and observability.</summary>
    public IReadOnlyList<IKubernetesObject> Objects { get; }

    /// <summary>Secrets the user creates from the templates (only those the overlay does not render).</summary>
    public IReadOnlyList<IKubernetesObject> HandMade { get; }

    public IReadOnlyList<IKubernetesObject> All { get; }

    /// <summary>The deployment's namespace: the one Namespace object it renders.</summary>
    public string Namespace { get; }

    public IReadOnlyList<Workload> Workloads { get; }

    public string OverlayDir => "overlays/" + Name;

    public Workload Workload(string kind, string name) =>
        Workloads.SingleOrDefault(w => w.Kind == kind && w.Name == name)
        ?? throw new InvalidOperationException($"{Name}: no {kind} {name} rendered (have: {string.Join(", ", Workloads.Select(w => w.Kind + "/" + w.Name))})");

    public IEnumerable<T> OfType<T>() => All.OfType<T>();

    public static Installation Get(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var installation))
            {
                installation = Load(name);
                Cache[name] = installation;
            }

            return installation;
        }
    }

    private static Installation Load(string name)
    {
        var overlay = $"overlays/{name}";
        var objects = Kustomize.Render(overlay)
            .Concat(Kustomize.Render(overlay + "/submit-sweep"))
            .Concat(Kustomize.Render("observability"))
            .Cast<IKubernetesObject>()
            .ToList();
        var handMadeNames = HandMadeSecrets.GetValueOrDefault(name, []);
        var handMade = Directory.EnumerateFiles(RepoPaths.Combine("k8s", "base", "secrets"), "*.template.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), typeMap: null, strict: true))
            .OfType<V1Secret>()
            .Where(s => handMadeNames.Contains(s.Metadata.Name))
            .Cast<IKubernetesObject>()
            .ToList();
        return new Installation(name, objects, handMade);
    }
}

/// <summary>An object that runs pods: its kind, name, namespace, pod template and replica count (1 for a Job).</summary>
internal sealed record Workload(string Kind, string Name, string Namespace, V1PodTemplateSpec Template, int Replicas, IKubernetesObject Object)
{
    public IDictionary<string, string> Labels => Template.Metadata?.Labels ?? new Dictionary<string, string>();

    public V1PodSpec Pod => Template.Spec;

    public override string ToString() => $"{Kind}/{Name}";

    public static IEnumerable<Workload> All(IEnumerable<IKubernetesObject> objects)
    {
        foreach (var o in objects)
        {
            switch (o)
            {
                case V1Deployment d:
                    yield return new Workload("Deployment", d.Metadata.Name, d.Metadata.NamespaceProperty, d.Spec.Template, d.Spec.Replicas ?? 1, d);
                    break;
                case V1StatefulSet s:
                    yield return new Workload("StatefulSet", s.Metadata.Name, s.Metadata.NamespaceProperty, s.Spec.Template, s.Spec.Replicas ?? 1, s);
                    break;
                case V1DaemonSet ds:
                    yield return new Workload("DaemonSet", ds.Metadata.Name, ds.Metadata.NamespaceProperty, ds.Spec.Template, 1, ds);
                    break;
                case V1Job j:
                    yield return new Workload("Job", j.Metadata.Name, j.Metadata.NamespaceProperty, j.Spec.Template, j.Spec.Parallelism ?? 1, j);
                    break;
            }
        }
    }
}
