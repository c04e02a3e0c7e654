using YamlDotNet.RepresentationModel;

namespace Saliency.Deploy.Tests;

/// <summary>
/// The file references of one kustomization.yaml: resources (files or folders), patch files (strategic merge, which
/// are partial objects, and JSON 6902 operation lists, told apart by a first line <c>- op:</c>), and the files of
/// config map / secret generators (<c>key=path</c> or <c>path</c>), each resolved against the kustomization's folder.
/// </summary>
internal sealed record KustomizationFile(
    string Directory,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Patches,
    IReadOnlyList<string> JsonPatches,
    IReadOnlyList<string> GeneratorFiles)
{
    public IEnumerable<string> AllReferences => Resources.Concat(Patches).Concat(JsonPatches).Concat(GeneratorFiles);

    public static IEnumerable<KustomizationFile> All() =>
        System.IO.Directory.EnumerateFiles(RepoPaths.K8s, "kustomization.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(Load);

    public static KustomizationFile Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var dir = Path.GetDirectoryName(path)!;
        string Resolve(string relative) => Path.GetFullPath(Path.Combine(dir, relative));

        var resources = Sequence(root, "resources").Select(n => Resolve(Scalar(n))).ToList();
        var patchEntries = Sequence(root, "patches").OfType<YamlMappingNode>().Where(p => p.Children.ContainsKey("path")).ToList();
        bool IsJsonPatch(YamlMappingNode entry) =>
            File.Exists(Resolve(Scalar(entry["path"]))) && File.ReadAllLines(Resolve(Scalar(entry["path"])))
                .FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))?.StartsWith("- op:", StringComparison.Ordinal) == true;
        var patches = patchEntries.Where(p => !IsJsonPatch(p)).Select(p => Resolve(Scalar(p["path"]))).ToList();
        var jsonPatches = patchEntries.Where(IsJsonPatch).Select(p => Resolve(Scalar(p["path"]))).ToList();
        var generated = Sequence(root, "configMapGenerator").Concat(Sequence(root, "secretGenerator"))
            .OfType<YamlMappingNode>()
            .SelectMany(g => Sequence(g, "files").Concat(Sequence(g, "envs")))
            .Select(n => Scalar(n))
            .Select(entry => Resolve(entry.Contains('=') ? entry[(entry.IndexOf('=') + 1)..] : entry))
            .ToList();
        return new KustomizationFile(dir, resources, patches, jsonPatches, generated);
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode seq ? seq : [];

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
