using System.Reflection;
using Saliency.Contracts;
using Saliency.Sweeps;
using YamlDotNet.RepresentationModel;

namespace Saliency.Cli.Commands.Run;

/// <summary>
/// The sweep of a <c>saliency run</c>: the profile's shipped grid (<c>sweeps/&lt;profile&gt;.yaml</c>, embedded in
/// the CLI) with its data, model and samples pointed at the run folder's files. Built in memory for the run's sweep
/// step (<see cref="Spec"/>) and written next to the files as <c>sweep.yaml</c> (<see cref="Write"/>), so the same
/// sweep can be submitted to a real cluster with <c>saliency sweep submit</c>; <see cref="Prepare"/> does both.
/// </summary>
internal static class RunSweepFile
{
    /// <summary>
    /// The run's sweep: <see cref="Spec"/> written to <paramref name="path"/> as well (<see cref="Write"/>).
    /// Loading that file gives the same spec (same sweep id) as the one returned, which the run submits.
    /// </summary>
    public static SweepSpec Prepare(string path, string profile, string patchSet, string model, string samples)
    {
        var spec = Spec(profile, patchSet, model, samples);
        Write(path, profile, patchSet, model, samples);
        return spec;
    }

    /// <summary>
    /// The shipped grid of <paramref name="profile"/> with data, model and a samples file (absolute paths); the
    /// shipped sample limit is kept.
    /// </summary>
    public static SweepSpec Spec(string profile, string patchSet, string model, string samples)
    {
        var shipped = SweepFile.Parse(Shipped(profile), $"sweeps/{profile}.yaml (built into the CLI)", Path.GetDirectoryName(Path.GetFullPath(patchSet))!);
        return SweepFile.With(
            shipped with { DataPath = Path.GetFullPath(patchSet), ModelPath = Path.GetFullPath(model) },
            samples: new SampleSelectionSpec(Path.GetFullPath(samples), [], shipped.Samples.Limit));
    }

    /// <summary>The text of a shipped sweep (<c>quick</c>, <c>paper</c>, <c>neu</c>).</summary>
    public static string Shipped(string profile)
    {
        var name = $"sweeps/{profile}.yaml";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the CLI was built without {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Writes <paramref name="path"/>: the shipped grid of <paramref name="profile"/> with data, model and a samples
    /// file (relative to the run folder); the shipped sample limit is kept. Returns <paramref name="path"/>.
    /// </summary>
    public static string Write(string path, string profile, string patchSet, string model, string samples)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Shipped(profile)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        root.Children[new YamlScalarNode("data")] = new YamlScalarNode(Path.GetRelativePath(folder, patchSet));
        root.Children[new YamlScalarNode("model")] = new YamlScalarNode(Path.GetRelativePath(folder, model));
        var selection = new YamlMappingNode { { "file", Path.GetRelativePath(folder, samples) } };
        if (root.Children.TryGetValue(new YamlScalarNode("samples"), out var shipped)
            && shipped is YamlMappingNode map
            && map.Children.TryGetValue(new YamlScalarNode("limit"), out var limit))
        {
            selection.Add("limit", limit);
        }

        root.Children[new YamlScalarNode("samples")] = selection;
        using var writer = new StringWriter();
        writer.WriteLine($"# Written by `saliency run --profile {profile}` from sweeps/{profile}.yaml; paths are relative to this file.");
        stream.Save(writer, assignAnchors: false);
        File.WriteAllText(path, writer.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal));
        return path;
    }
}
