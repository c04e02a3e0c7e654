using System.Text.RegularExpressions;

namespace Saliency.Deploy.Tests;

/// <summary>
/// The parts of a Dockerfile the tests compare with the manifests: build args with defaults, base images (FROM),
/// exposed ports, the projects it restores/publishes and the MSBuild properties it passes.
/// Line continuations (<c>\</c>) are joined before parsing.
/// </summary>
internal sealed partial record Dockerfile(
    string Path,
    IReadOnlyDictionary<string, string> ArgDefaults,
    IReadOnlyList<string> BaseImages,
    IReadOnlySet<int> ExposedPorts,
    IReadOnlyList<string> RunCommands)
{
    public static Dockerfile Load(string path)
    {
        var joined = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var args = new Dictionary<string, string>();
        var froms = new List<string>();
        var ports = new HashSet<int>();
        var runs = new List<string>();
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ');
            var instruction = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var rest = space < 0 ? "" : line[(space + 1)..].Trim();
            switch (instruction)
            {
                case "ARG" when rest.Contains('='):
                    args[rest[..rest.IndexOf('=')]] = rest[(rest.IndexOf('=') + 1)..];
                    break;
                case "FROM":
                    froms.Add(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
                    break;
                case "EXPOSE":
                    foreach (var p in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        ports.Add(int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
                case "RUN":
                    runs.Add(rest);
                    break;
            }
        }

        return new Dockerfile(path, args, froms, ports, runs);
    }

    /// <summary>A base image with <c>${ARG}</c> replaced by the argument's default.</summary>
    public string Resolve(string image) =>
        ArgReference().Replace(image, m => ArgDefaults.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>Project files named by <c>dotnet restore/publish</c> commands.</summary>
    public IReadOnlyList<string> Projects() =>
        [.. RunCommands.SelectMany(r => ProjectPath().Matches(r)).Select(m => m.Value).Distinct()];

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex ArgReference();

    [GeneratedRegex(@"[A-Za-z0-9_./-]+\.csproj")]
    private static partial Regex ProjectPath();
}
