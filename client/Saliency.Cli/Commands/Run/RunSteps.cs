using System.Diagnostics;
using Saliency.Core;

namespace Saliency.Cli.Commands.Run;

/// <summary>Runs the pipeline's steps (plain functions) in order, skipping a step whose output exists.</summary>
internal sealed class RunSteps(string root, TextWriter stdout, bool recompute)
{
    private int _index;

    /// <summary>
    /// Runs <paramref name="work"/> as step <paramref name="name"/> unless <paramref name="output"/> exists (and the
    /// run is not <c>--fresh</c>); null output: always run. Returns whether it ran. Bad input inside the step becomes an
    /// <see cref="InputException"/> that names the step and says that finished steps are reused.
    /// </summary>
    public bool Run(string name, string? output, string what, Action work)
    {
        _index++;
        if (!recompute && output is not null && (File.Exists(output) || Directory.Exists(output)))
        {
            stdout.WriteLine($"[{_index}] {name}: reusing {Path.GetRelativePath(root, output)}");
            return false;
        }

        stdout.WriteLine($"[{_index}] {name}: {what}");
        var watch = Stopwatch.StartNew();
        try
        {
            work();
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            throw new InputException($"step '{name}' failed: {e.Message}; fix the cause and re-run: finished steps are reused", field: name, inner: e);
        }

        stdout.WriteLine($"[{_index}] {name}: done in {watch.Elapsed.TotalSeconds:F0} s");
        return true;
    }
}
