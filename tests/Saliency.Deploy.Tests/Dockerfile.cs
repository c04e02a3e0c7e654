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
    IReadOnlyList<string> RunCommands,
    IReadOnlyList<DockerStage> Stages)
{
    public static Dockerfile Load(string path)
    {
        var joined = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var args = new Dictionary<string, string>();
        var froms = new List<string>();
        var ports = new HashSet<int>();
        var runs = new List<string>();
        var stages = new List<DockerStage>();
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
                    var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    froms.Add(words[0]);
                    stages.Add(new DockerStage(words[0], words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null, new Dictionary<string, string>()));
                    break;
                case "ENV":
                    foreach (var pair in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains('=')))
                    {
                        ((Dictionary<string, string>)stages[^1].Env)[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..].Trim('"');
                    }

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

        return new Dockerfile(path, args, froms, ports, runs, stages);
    }

    /// <summary>The stages the build for <paramref name="args"/> ends in, last first: the final stage, the stage it is FROM, ... down to an image.</summary>
    public IReadOnlyList<DockerStage> Chain(IReadOnlyDictionary<string, string>? args = null)
    {
        var values = new Dictionary<string, string>(ArgDefaults);
        foreach (var (k, v) in args ?? new Dictionary<string, string>())
        {
            values[k] = v;
        }

        string Expand(string s) => ArgReference().Replace(s, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
        var chain = new List<DockerStage> { Stages[^1] };
        while (Stages.LastOrDefault(st => st.Name is not null && st.Name == Expand(chain[^1].Base) && !chain.Contains(st)) is { } parent)
        {
            chain.Add(parent);
        }

        return [.. chain.Select(c => c with { Base = Expand(c.Base) })];
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

/// <summary>One FROM stage: its base (an image or an earlier stage), its name, and the ENV it sets.</summary>
internal sealed record DockerStage(string Base, string? Name, IReadOnlyDictionary<string, string> Env);
