using System.CommandLine;
using Saliency.Core.Data;

namespace Saliency.Cli.Commands.Data;

/// <summary><c>saliency data info FILE</c>: prints a patch-set header (reads only the header).</summary>
internal static class DataInfoCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Patch-set file" };
        var cmd = new Command("info", "Print the header of a patch-set file.") { file };
        cmd.SetAction(parse =>
        {
            var header = PatchSet.ReadHeader(parse.GetValue(file)!.FullName);
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"dataset: {header.Dataset}");
            stdout.WriteLine($"format version: {header.FormatVersion}");
            stdout.WriteLine($"patches: {header.Count} of {header.PatchWidth}x{header.PatchHeight}");
            stdout.WriteLine($"classes: {string.Join(", ", header.ClassNames.Select((n, i) => $"{i + 1}={n}"))}");
            stdout.WriteLine($"sources: {header.Sources.Count}");
            foreach (var (name, value) in header.Options)
            {
                stdout.WriteLine($"option {name}: {value}");
            }

            return 0;
        });
        return cmd;
    }
}
