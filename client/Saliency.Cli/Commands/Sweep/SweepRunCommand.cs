using System.CommandLine;
using System.Globalization;
using Saliency.Contracts;
using Saliency.Core;
using Saliency.Silo.Hosting;
using Saliency.Sweeps;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// <c>saliency sweep run FILE --out DIR [--store DIR] [--device cpu] [--threads N]</c>: runs a sweep on an in-process
/// cluster (one GPU-role silo in this process, the real engine) instead of submitting it to a remote one. Per-shard
/// results persist in <c>--store</c>, so a run that was interrupted continues with what is missing when started
/// again. Shows the sweep's progress and writes the results folder that <c>saliency report</c> reads.
/// </summary>
internal static class SweepRunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Sweep file (YAML)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Results folder to write (rows.csv, table3.csv, fps.csv, run.json)", Required = true };
        var store = new Option<DirectoryInfo?>("--store") { Description = "Where per-shard results persist (default: <out>/shards)" };
        var cmd = new Command("run", "Run a sweep on an in-process cluster (no cluster needed) and write its results folder.")
        {
            file, output, store,
        };
        var devices = DeviceOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var spec = SweepFile.Load(parse.GetValue(file)!.FullName);
            var outDir = parse.GetValue(output)!.FullName;
            var storeDir = parse.GetValue(store)?.FullName ?? Path.Combine(outDir, "shards");
            return RunAsync(spec, outDir, storeDir, devices.Read(parse), stdout).GetAwaiter().GetResult();
        });
        return cmd;
    }

    /// <summary>
    /// The step (also <c>saliency run</c>'s sweep step): runs <paramref name="spec"/> on an in-process silo, shard
    /// results in <paramref name="storeDir"/>, and writes the results folder <paramref name="outDir"/>.
    /// </summary>
    /// <exception cref="InputException">The sweep did not complete.</exception>
    internal static async Task<int> RunAsync(SweepSpec spec, string outDir, string storeDir, DeviceChoice device, TextWriter stdout)
    {
        await using var cluster = await EmbeddedCluster.StartAsync(o =>
            {
                o.Executor.Evaluator = "engine";
                o.Executor.Device = device.Name;
                o.Executor.TorchThreads = device.Threads;
                o.Results.Directory = storeDir;
            });
        var sweep = cluster.Client.GetGrain<ISweepGrain>(spec.SweepId);
        stdout.WriteLine($"sweep {spec.SweepId} on an in-process silo ({device.Name}): {spec.Trials.Count} trials, {spec.Normalisations.Count} normalisations; shard results in {storeDir}");
        try
        {
            var previous = await sweep.GetStatus();
            stdout.WriteLine($"continuing: {previous.SamplesDone} of {previous.SamplesTotal} sample maps already done ({previous.State})");
        }
        catch (KeyNotFoundException)
        {
            // A new sweep.
        }

        await sweep.Submit(spec);
        var status = await SweepWatcher.WatchAndReportAsync(sweep, stdout);
        if (status.State != SweepState.Completed)
        {
            throw new InputException($"the sweep ended {status.State}: {status.Message}; run the same command again to retry what is missing", field: "sweep");
        }

        var rows = await SweepResultsFolder.WriteAsync(sweep, await sweep.GetResults(), outDir);
        stdout.WriteLine($"wrote {rows} rows to {Path.Combine(outDir, "rows.csv")}");
        return 0;
    }
}
