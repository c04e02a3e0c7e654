using System.CommandLine;
using System.Globalization;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.Data.Samples;
using Saliency.Core.Metrics;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Results;
using Saliency.Torch.Benchmark;
using Saliency.Torch.Model;
using Saliency.Torch.Training;

namespace Saliency.Cli.Commands.Bench;

/// <summary>
/// <c>saliency bench --data PATCHSET --model MODEL --samples SAMPLES [--limit N] [--methods ...]
/// [--normalisations ...] [--maps N] --out DIR</c>: runs <see cref="BenchEngine"/> over the selected samples in the
/// samples file's order and writes the results folder of docs/results-format.md (rows.csv, table3.csv/.md, fps.csv,
/// run.json, table1.json when the patch set has one, maps/ of the first samples). Progress goes to stderr; the
/// Table 3 Markdown and the median fps per variant go to stdout.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Patch set file (saliency data prepare)", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "Model checkpoint or state dict", Required = true };
        var samples = new Option<FileInfo>("--samples") { Description = "Samples file (saliency select)", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N samples of the samples file" };
        var methods = new Option<string[]>("--methods") { Description = "all (default), paper, method names or variant ids", AllowMultipleArgumentsPerToken = true };
        var normalisations = new Option<string[]>("--normalisations") { Description = "Normalisations (default: the six of Table 3)", AllowMultipleArgumentsPerToken = true };
        var metrics = new Option<string[]>("--metrics")
        {
            Description = "Metrics, as a sweep's metrics: names them (default: distance energy; also deletion, insertion, road, sanity, with parameters as road(order=most))",
            AllowMultipleArgumentsPerToken = true,
        };
        var maps = new Option<int>("--maps") { Description = "Save raw maps of the first N samples under maps/", DefaultValueFactory = _ => 4 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Results folder", Required = true };
        var cmd = new Command("bench", "Benchmark saliency methods on selected samples: pointing-game scores and speed.")
        {
            data, model, samples, limit, methods, normalisations, metrics, maps, output,
        };
        var devices = DeviceOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var device = devices.Read(parse);
            var variants = MethodSelection.Variants(parse.GetValue(methods));
            var norms = parse.GetValue(normalisations) is { Length: > 0 } names
                ? names.Select(Normalisation.Parse).ToList()
                : Normalisation.Table3;
            var samplesPath = parse.GetValue(samples)!.FullName;
            var selection = SampleSelection.Load(samplesPath);
            var indices = selection.Samples.Select(s => s.Index).ToList();
            if (parse.GetValue(limit) is { } n)
            {
                indices = n >= 0 ? indices.Take(n).ToList() : throw new InputException("--limit must be >= 0", field: "--limit");
            }

            var dataPath = parse.GetValue(data)!.FullName;
            var modelPath = parse.GetValue(model)!.FullName;
            using var reader = PatchSetReader.Open(dataPath);
            var provider = new PatchSetReaderProvider(reader, dataPath);
            SamplesFile.CheckPatchSet(selection, samplesPath, dataPath);
            CheckSamples(selection, indices.Count, provider, samplesPath);
            using var loaded = ModelStore.Load(modelPath, device.Apply());
            var metricIds = parse.GetValue(metrics) is { Length: > 0 } given
                ? given.Select(m => BindMetric(m)).Distinct(StringComparer.Ordinal).ToList()
                : [.. MetricCatalogue.Default.Select(m => m.Id)];
            var engine = new BenchEngine(loaded.Classifier, variants, norms, MetricCatalogue.WithModel(metricIds));
            var folder = parse.GetValue(output)!.FullName;
            var start = DateTimeOffset.UtcNow;
            using var writer = new ResultsFolderWriter(folder);
            var mapped = new HashSet<int>();
            foreach (var result in engine.Run(provider, indices, p => Report(stderr, p)))
            {
                result.WriteTo(writer, parse.GetValue(maps), mapped);
            }

            writer.Complete(
                new RunDescription
                {
                    Kind = RunDescription.BenchKind,
                    Data = dataPath,
                    Model = modelPath,
                    Samples = samplesPath,
                    SampleCount = indices.Count,
                    Variants = [.. engine.Variants.Select(v => v.Id)],
                    Normalisations = [.. norms.Select(x => x.Name)],
                    Metrics = metricIds,
                    Device = loaded.Classifier.Device.ToString(),
                    Threads = TorchSharp.torch.get_num_threads(),
                    Machines = [Environment.MachineName],
                    Processors = Environment.ProcessorCount,
                    Start = start,
                    End = DateTimeOffset.UtcNow,
                },
                Table1Json.TryReadSidecar(dataPath));
            var scores = ScoreTable.FromRows(writer.Rows);
            var stdout = parse.InvocationConfiguration.Output;
            stdout.Write(ResultTables.Table3AsMarkdown(scores));
            stdout.WriteLine();
            foreach (var speed in FpsPercentiles.FromRows(writer.Rows, scores.Variants))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{speed.Variant}: median {speed.P50:F2} maps/s over {speed.Samples} samples"));
            }

            return 0;
        });
        return cmd;
    }

    private static string BindMetric(string id)
    {
        try
        {
            return MetricCatalogue.Bind(id).Variant.Id;
        }
        catch (InputException e)
        {
            throw new InputException(e.Message, field: "--metrics");
        }
    }

    private static void Report(TextWriter stderr, BenchProgress p) =>
        stderr.WriteLine(p.WarmUp
            ? string.Create(CultureInfo.InvariantCulture, $"bench: warm-up {p.Variant} ({p.Seconds * 1000:F0} ms, excluded)")
            : string.Create(CultureInfo.InvariantCulture, $"bench: {p.Done}/{p.Total} sample {p.Sample} {p.Variant} {p.Seconds * 1000:F0} ms"));

    /// <summary>The samples file must describe this patch set: each used sample's source id and patch index must match.</summary>
    private static void CheckSamples(SampleSelection selection, int count, IPatchProvider provider, string samplesPath)
    {
        foreach (var sample in selection.Samples.Take(count))
        {
            var patch = provider.Get(sample.Index);
            if (patch.SourceId != sample.SourceId || patch.PatchIndex != sample.PatchIndex)
            {
                throw new InputException(
                    $"sample {sample.Index} is {sample.SourceId} patch {sample.PatchIndex} in the samples file but {patch.SourceId} patch {patch.PatchIndex} in the patch set (samples made for another patch set?)",
                    samplesPath, field: "samples");
            }
        }
    }
}
