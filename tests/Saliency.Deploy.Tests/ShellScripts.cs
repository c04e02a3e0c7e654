using System.Diagnostics;

namespace Saliency.Deploy.Tests;

/// <summary>Runs the project's shell scripts for the script tests (service starters, scripts/test).</summary>
internal static class ShellScripts
{
    /// <summary>Runs <paramref name="script"/> with <c>bash -c</c> (in the repository unless told), at most 90 s.</summary>
    public static (int Code, string Out, string Err, TimeSpan Took) Bash(
        string script, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), "the script did not finish in 90 s");
        return (process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    /// <summary>
    /// A bare repository layout under <paramref name="root"/> holding the real scripts/test and scripts/lib/ and an
    /// empty scripts/services/ for the starters a test puts there; returns the path of its scripts/test.
    /// </summary>
    public static string CopyTestCommand(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "scripts", "services"));
        Directory.CreateDirectory(Path.Combine(root, "scripts", "lib"));
        File.Copy(RepoPaths.Combine("scripts", "test"), Path.Combine(root, "scripts", "test"));
        foreach (var lib in Directory.GetFiles(RepoPaths.Combine("scripts", "lib")))
        {
            File.Copy(lib, Path.Combine(root, "scripts", "lib", Path.GetFileName(lib)));
        }

        return Path.Combine(root, "scripts", "test");
    }
}
