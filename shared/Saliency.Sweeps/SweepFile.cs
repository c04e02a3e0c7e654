using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Saliency.Contracts;
using Saliency.Core;
using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Core.Metrics.Catalogue;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Saliency.Sweeps;

/// <summary>
/// Reads a sweep file (YAML; JSON is YAML too) and expands its grid into a <see cref="SweepSpec"/>.
/// <para>Layout (keys in snake_case; unknown keys are errors):</para>
/// <code>
/// name: quick                       # required; letters, digits, '-', '_'
/// data: ../runs/patches.spb         # required; patch set, relative to the file's folder
/// model: ../runs/model.ckpt         # required
/// samples: { file: samples.csv }    # or a rule: { split: validation, min_confidence: 0.9, classes: [1, 3] };
///                                   # limit: N keeps the first N (see SampleSelectionSpec)
/// normalisations: [All-100, Abs-99] # default: the six of Table 3
/// metrics: [distance, energy]       # default: both
/// shard_size: 16                    # samples per work unit
/// max_attempts: 3                   # per shard, then the shard is reported failed
/// max_concurrent_shards: 8          # in flight over the cluster
/// methods:
///   - method: SmoothGrad
///     params: { n: [10, 50], batched: [false, true] }   # a list is a grid axis; the product is expanded
/// </code>
/// Every error is an <see cref="InputException"/> naming the file, the 1-based line and the field.
/// </summary>
public static class SweepFile
{
    private static readonly Regex NamePattern = new("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly string[] TopLevelKeys =
        ["name", "data", "model", "samples", "normalisations", "metrics", "shard_size", "max_attempts", "max_concurrent_shards", "map_samples", "timing_samples", "methods"];

    /// <summary>Reads and expands the sweep file at <paramref name="path"/>; relative paths resolve against its folder.</summary>
    public static SweepSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("sweep file not found", path);
        }

        var full = Path.GetFullPath(path);
        return Parse(SweepFileLimits.Read(full), full, Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses sweep YAML; <paramref name="source"/> names it in errors; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static SweepSpec Parse(string yaml, string source, string baseDirectory)
    {
        var root = LoadRoot(yaml, source);
        var ctx = new Context(source);
        ctx.RejectUnknownKeys(root, TopLevelKeys, null);

        var name = ctx.RequiredScalar(root, "name");
        if (!NamePattern.IsMatch(name.Value!))
        {
            ctx.Fail(name, "name", $"'{name.Value}' must be 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }

        var data = ResolvePath(ctx.RequiredScalar(root, "data").Value!, baseDirectory);
        var model = ResolvePath(ctx.RequiredScalar(root, "model").Value!, baseDirectory);
        var samples = ReadSamples(ctx, root, baseDirectory);
        var normalisations = ReadNormalisations(ctx, root);
        var metrics = ReadMetrics(ctx, root);
        var shardSize = ctx.OptionalInt(root, "shard_size", SweepDefaults.ShardSize, 1, 1_000_000);
        var maxAttempts = ctx.OptionalInt(root, "max_attempts", SweepDefaults.MaxAttempts, 1, 100);
        var concurrency = ctx.OptionalInt(root, "max_concurrent_shards", SweepDefaults.MaxConcurrentShards, 1, 10_000);
        var mapSamples = ctx.OptionalInt(root, "map_samples", SweepDefaults.MapSamples, 0, 1000);
        var timingSamples = ctx.OptionalInt(root, "timing_samples", 0, 0, int.MaxValue);
        var trials = ReadTrials(ctx, root);

        var hash = ContentHash.Of(Canonical(data, model, samples, trials, normalisations, metrics, shardSize, timingSamples));
        return new SweepSpec(name.Value!, data, model, samples, trials, normalisations, metrics, shardSize, maxAttempts, concurrency, hash, mapSamples, timingSamples);
    }

    /// <summary>
    /// <paramref name="spec"/> with another name, sample selection, shard size or concurrency (null keeps the
    /// value), its content hash recomputed; used to derive warm-up and benchmark sweeps from a user's sweep.
    /// </summary>
    public static SweepSpec With(SweepSpec spec, string? name = null, SampleSelectionSpec? samples = null, int? shardSize = null, int? maxConcurrentShards = null)
    {
        var changed = spec with
        {
            Name = name ?? spec.Name,
            Samples = samples ?? spec.Samples,
            ShardSize = shardSize ?? spec.ShardSize,
            MaxConcurrentShards = maxConcurrentShards ?? spec.MaxConcurrentShards,
        };
        var hash = ContentHash.Of(Canonical(
            changed.DataPath, changed.ModelPath, changed.Samples, changed.Trials, changed.Normalisations, changed.Metrics, changed.ShardSize, changed.TimingSamples));
        return changed with { ContentHash = hash };
    }

    /// <summary>The text the content hash is taken of: everything that changes the numbers or the shard layout.</summary>
    internal static string Canonical(
        string data, string model, SampleSelectionSpec samples, IReadOnlyList<TrialSpec> trials,
        IReadOnlyList<string> normalisations, IReadOnlyList<string> metrics, int shardSize, int timingSamples)
    {
        var b = new StringBuilder();
        b.Append("data=").Append(data).Append('\n');
        b.Append("model=").Append(model).Append('\n');
        b.Append("samples.file=").Append(samples.File ?? string.Empty).Append('\n');
        b.Append("samples.classes=").Append(string.Join(',', samples.Classes)).Append('\n');
        b.Append("samples.limit=").Append(samples.Limit.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (samples.IsRule && (samples.Split != SampleSplits.All || samples.MinConfidence is not null))
        {
            // Only for rules beyond the original "single-class defects" one, so earlier sweep ids stay the same.
            b.Append("samples.split=").Append(samples.Split).Append('\n');
            b.Append("samples.min_confidence=").Append(samples.MinConfidence?.ToString("R", CultureInfo.InvariantCulture) ?? "none").Append('\n');
        }
        b.Append("normalisations=").Append(string.Join(',', normalisations)).Append('\n');
        b.Append("metrics=").Append(string.Join(',', metrics)).Append('\n');
        b.Append("shard_size=").Append(shardSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (timingSamples > 0)
        {
            // Only when used, so earlier sweep ids stay the same.
            b.Append("timing_samples=").Append(timingSamples.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var t in trials)
        {
            b.Append("trial=").Append(t.VariantId).Append('\n');
        }

        return b.ToString();
    }

    private static YamlMappingNode LoadRoot(string yaml, string source)
    {
        SweepFileLimits.Check(yaml, source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InputException($"not valid YAML: {e.InnerException?.Message ?? e.Message}", source, (int)e.Start.Line, inner: e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this when the text ends inside an unclosed flow collection or quote.
            var lastLine = yaml.TrimEnd().Split('\n').Length;
            throw new InputException("not valid YAML: unexpected end of the file (an unclosed '[', '{' or quote?)", source, lastLine, inner: e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new InputException("the sweep file is empty", source, 1);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InputException("the sweep file must be a mapping (key: value lines)", source, (int)stream.Documents[0].RootNode.Start.Line);
        }

        return root;
    }

    /// <summary>Local paths become absolute; <c>store:KEY</c> references (resolved by the silos) are kept as written.</summary>
    private static string ResolvePath(string path, string baseDirectory) =>
        Saliency.Core.IO.StoreReference.IsReference(path) ? path
        : Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(baseDirectory, path));

    private static SampleSelectionSpec ReadSamples(Context ctx, YamlMappingNode root, string baseDirectory)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("samples"), out var node))
        {
            return new SampleSelectionSpec(null, [], 0);
        }

        if (node is not YamlMappingNode map)
        {
            throw ctx.Error(node, "samples", "expected a mapping with 'file', or a rule of 'split', 'min_confidence' and 'classes'; and 'limit'");
        }

        ctx.RejectUnknownKeys(map, ["file", "classes", "split", "min_confidence", "limit"], "samples");
        string? file = null;
        if (map.Children.TryGetValue(new YamlScalarNode("file"), out var fileNode))
        {
            file = ResolvePath(ctx.Scalar(fileNode, "samples.file").Value!, baseDirectory);
        }

        var classes = new List<string>();
        if (map.Children.TryGetValue(new YamlScalarNode("classes"), out var classNode))
        {
            if (file is not null)
            {
                throw ctx.Error(classNode, "samples.classes", "give either a samples file or classes, not both");
            }

            foreach (var c in ctx.ScalarList(classNode, "samples.classes"))
            {
                if (c.Value is not ("1" or "2" or "3" or "4"))
                {
                    throw ctx.Error(c, "samples.classes", $"'{c.Value}' is not a defect class (1-4)");
                }

                classes.Add(c.Value);
            }
        }

        var split = SampleSplits.All;
        if (map.Children.TryGetValue(new YamlScalarNode("split"), out var splitNode))
        {
            var value = ctx.Scalar(splitNode, "samples.split");
            if (file is not null)
            {
                throw ctx.Error(splitNode, "samples.split", "give either a samples file or a rule (split, min_confidence, classes), not both");
            }

            split = value.Value switch
            {
                SampleSplits.All or SampleSplits.Validation => value.Value,
                _ => throw ctx.Error(value, "samples.split", $"'{value.Value}' is not a split ({SampleSplits.All}, {SampleSplits.Validation})"),
            };
        }

        double? minConfidence = null;
        if (map.Children.TryGetValue(new YamlScalarNode("min_confidence"), out var confidenceNode))
        {
            var value = ctx.Scalar(confidenceNode, "samples.min_confidence");
            if (file is not null)
            {
                throw ctx.Error(confidenceNode, "samples.min_confidence", "give either a samples file or a rule (split, min_confidence, classes), not both");
            }

            if (!double.TryParse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
                || double.IsNaN(threshold) || threshold is < 0 or > 1)
            {
                throw ctx.Error(value, "samples.min_confidence", $"'{value.Value}' must be a probability in [0, 1]");
            }

            minConfidence = threshold;
        }

        var limit = ctx.OptionalInt(map, "limit", 0, 0, int.MaxValue, "samples.limit");
        return new SampleSelectionSpec(file, classes, limit, split, minConfidence);
    }

    private static IReadOnlyList<string> ReadNormalisations(Context ctx, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("normalisations"), out var node))
        {
            return SweepDefaults.Normalisations;
        }

        var result = new List<string>();
        foreach (var item in ctx.ScalarList(node, "normalisations"))
        {
            if (!Normalisation.TryParse(item.Value, out var normalisation))
            {
                throw ctx.Error(item, "normalisations", $"'{item.Value}' is not a normalisation (All|Abs|ReLU)-(percentile in (0, 100]), e.g. Abs-99");
            }

            var name = normalisation.Name;
            if (result.Contains(name))
            {
                throw ctx.Error(item, "normalisations", $"'{name}' is listed twice");
            }

            result.Add(name);
        }

        return result.Count == 0 ? throw ctx.Error(node, "normalisations", "the list is empty") : result;
    }

    private static IReadOnlyList<string> ReadMetrics(Context ctx, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("metrics"), out var node))
        {
            return SweepDefaults.Metrics;
        }

        // Each entry binds through the metric catalogue (the one declaration the silo's computations also use), so
        // a sweep that validates never fails on a silo for a metric parameter; ids are stored canonical.
        var result = new List<string>();
        foreach (var item in ctx.ScalarList(node, "metrics"))
        {
            string id;
            try
            {
                id = MetricCatalogue.Bind(item.Value ?? string.Empty).Variant.Id;
            }
            catch (InputException e)
            {
                throw ctx.Error(item, "metrics", e.Message);
            }

            if (!result.Contains(id))
            {
                result.Add(id);
            }
        }

        return result.Count == 0 ? throw ctx.Error(node, "metrics", "the list is empty") : result;
    }

    private static IReadOnlyList<TrialSpec> ReadTrials(Context ctx, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("methods"), out var node))
        {
            throw ctx.Error(root, "methods", "missing required field");
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw ctx.Error(node, "methods", "expected a non-empty list of '- method: NAME' entries");
        }

        var trials = new List<TrialSpec>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in list.Children)
        {
            if (entry is not YamlMappingNode map)
            {
                throw ctx.Error(entry, "methods", "each entry must be a mapping with 'method' and optional 'params'");
            }

            ctx.RejectUnknownKeys(map, ["method", "params"], "methods");
            var methodNode = ctx.RequiredScalar(map, "method", "methods.method");
            var declaration = MethodCatalogue.Find(methodNode.Value!)
                ?? throw ctx.Error(methodNode, "methods.method", $"unknown method '{methodNode.Value}'; known: {string.Join(", ", MethodCatalogue.Methods.Select(m => m.Name))}");
            var method = declaration.Name;

            var axes = new List<(string Name, List<string> Values)>();
            if (map.Children.TryGetValue(new YamlScalarNode("params"), out var paramsNode))
            {
                if (paramsNode is not YamlMappingNode paramMap)
                {
                    throw ctx.Error(paramsNode, $"{method}.params", "expected a mapping of parameter: value or [values]");
                }

                foreach (var (keyNode, valueNode) in paramMap.Children)
                {
                    var key = ((YamlScalarNode)keyNode).Value!;
                    var field = $"{method}.{key}";
                    var p = declaration.Parameter(key)
                        ?? throw ctx.Error(keyNode, field, declaration.Parameters.Count == 0
                            ? $"{method} takes no parameters"
                            : $"unknown parameter; {method} takes {string.Join(", ", declaration.Parameters.Select(s => s.Name))}");
                    var values = new List<string>();
                    foreach (var v in ctx.ScalarOrList(valueNode, field))
                    {
                        var canonical = p.Canonicalize(v.Value ?? string.Empty, out var error)
                            ?? throw ctx.Error(v, field, error!);
                        if (values.Contains(canonical))
                        {
                            throw ctx.Error(v, field, $"value {canonical} is listed twice");
                        }

                        values.Add(canonical);
                    }

                    axes.Add((key, values));
                }
            }

            foreach (var combination in GridExpansion.Product(axes))
            {
                var variant = new MethodVariant(method, combination);
                var id = variant.Id;
                var line = (int)methodNode.Start.Line;
                if (seen.TryGetValue(id, out var firstLine))
                {
                    throw new InputException($"trial {id} is also produced by the entry at line {firstLine}", ctx.Source, line, "methods");
                }

                seen[id] = line;
                trials.Add(new TrialSpec(
                    ContentHash.TrialId(id),
                    id,
                    method,
                    variant.Parameters.Select(kv => new TrialParameter(kv.Key, kv.Value)).ToList()));
            }
        }

        return trials;
    }

    private sealed class Context(string source)
    {
        public string Source { get; } = source;

        public InputException Error(YamlNode node, string field, string message) =>
            new(message, Source, (int)node.Start.Line, field);

        public void Fail(YamlNode node, string field, string message) => throw Error(node, field, message);

        public void RejectUnknownKeys(YamlMappingNode map, IReadOnlyCollection<string> allowed, string? parent)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                if (!allowed.Contains(name))
                {
                    var field = parent is null ? name : $"{parent}.{name}";
                    throw Error(key, field, $"unknown field; expected one of {string.Join(", ", allowed)}");
                }
            }
        }

        public YamlScalarNode RequiredScalar(YamlMappingNode map, string key, string? field = null)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                throw Error(map, field ?? key, "missing required field");
            }

            var scalar = Scalar(node, field ?? key);
            return string.IsNullOrWhiteSpace(scalar.Value) ? throw Error(node, field ?? key, "must not be empty") : scalar;
        }

        public YamlScalarNode Scalar(YamlNode node, string field) =>
            node as YamlScalarNode ?? throw Error(node, field, "expected a single value");

        public IEnumerable<YamlScalarNode> ScalarList(YamlNode node, string field) =>
            node is YamlSequenceNode seq
                ? seq.Children.Select(c => Scalar(c, field)).ToList()
                : throw Error(node, field, "expected a list, e.g. [a, b]");

        public IEnumerable<YamlScalarNode> ScalarOrList(YamlNode node, string field)
        {
            if (node is YamlSequenceNode seq)
            {
                return seq.Children.Count == 0 ? throw Error(node, field, "the list is empty") : ScalarList(seq, field);
            }

            return [Scalar(node, field)];
        }

        public int OptionalInt(YamlMappingNode map, string key, int fallback, int min, int max, string? field = null)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return fallback;
            }

            var s = Scalar(node, field ?? key);
            if (!int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            {
                throw Error(s, field ?? key, $"'{s.Value}' must be a whole number in [{min}, {max}]");
            }

            return v;
        }
    }
}
