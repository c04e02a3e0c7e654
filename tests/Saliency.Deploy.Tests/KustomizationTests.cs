using k8s;

namespace Saliency.Deploy.Tests;

/// <summary>Every kustomization names only files that exist, every manifest is used, and all of them load strictly.</summary>
public sealed class KustomizationTests
{
    /// <summary>Folders of manifests applied by hand on purpose (templates, one-off jobs), not via a kustomization.</summary>
    private static readonly string[] StandaloneFolders = ["base/secrets"];

    [Fact]
    public void Kustomizations_reference_only_existing_files()
    {
        var kustomizations = KustomizationFile.All().ToList();
        Assert.True(kustomizations.Count >= 4, "expected base, two overlays and observability");
        foreach (var k in kustomizations)
        {
            foreach (var reference in k.AllReferences)
            {
                Assert.True(File.Exists(reference) || Directory.Exists(Path.Combine(reference)),
                    $"{Relative(k.Directory)}/kustomization.yaml names {Relative(reference)}, which does not exist");
                if (Directory.Exists(reference))
                {
                    Assert.True(File.Exists(Path.Combine(reference, "kustomization.yaml")),
                        $"{Relative(reference)} is a folder without kustomization.yaml");
                }
            }
        }
    }

    [Fact]
    public void Every_manifest_file_is_used_by_a_kustomization_or_is_standalone()
    {
        var referenced = KustomizationFile.All().SelectMany(k => k.AllReferences).ToHashSet();
        var orphans = ManifestFiles()
            .Concat(Directory.EnumerateFiles(RepoPaths.K8s, "*.json", SearchOption.AllDirectories))
            .Where(f => !referenced.Contains(f) && !IsStandalone(f))
            .Select(Relative)
            .ToList();
        Assert.True(orphans.Count == 0, "files not named by any kustomization: " + string.Join(", ", orphans));
    }

    [Fact]
    public void Every_manifest_loads_in_strict_mode()
    {
        var notObjects = KustomizationFile.All().SelectMany(k => k.GeneratorFiles.Concat(k.JsonPatches)).ToHashSet();
        var loaded = 0;
        foreach (var file in ManifestFiles().Where(f => !notObjects.Contains(f)))
        {
            var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), typeMap: null, strict: true);
            Assert.True(objects.Count > 0, $"{Relative(file)} holds no object");
            loaded += objects.Count;
        }

        Assert.True(loaded >= 20, $"only {loaded} objects loaded");
    }

    [Fact]
    public void Strict_loading_rejects_an_unknown_field()
    {
        // The check above means something only if strict mode really refuses a misspelt field.
        const string misspelt = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  prots: []\n";
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(misspelt, typeMap: null, strict: true));
    }

    [Theory]
    [MemberData(nameof(Entrypoints))]
    public void Rendered_kustomization_loads_in_strict_mode(string entrypoint)
    {
        var objects = Kustomize.Render(entrypoint);
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject>(o));
    }

    public static TheoryData<string> Entrypoints() => [.. Kustomize.Entrypoints];

    [Fact]
    public void Every_overlay_and_its_sweep_job_is_rendered()
    {
        // The overlays a user applies, found on disk: each renders (above) and has its sweep Job.
        var overlays = Directory.EnumerateDirectories(Path.Combine(RepoPaths.K8s, "overlays")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Installation.Names.Order(), overlays);
        Assert.All(overlays, o => Assert.Contains($"overlays/{o}/submit-sweep", Kustomize.Entrypoints));
    }

    private static IEnumerable<string> ManifestFiles() =>
        Directory.EnumerateFiles(RepoPaths.K8s, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoPaths.K8s, "*.yml", SearchOption.AllDirectories))
            .Where(f => Path.GetFileName(f) != "kustomization.yaml");

    private static bool IsStandalone(string file) =>
        StandaloneFolders.Any(folder => Relative(file).StartsWith(folder + "/", StringComparison.Ordinal));

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.K8s, path);
}
