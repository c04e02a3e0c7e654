using System.CommandLine;
using Saliency.Telemetry;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Runs a sweep command against the cluster: connects, runs, maps an unreachable cluster to exit code 3. The command
/// is one span (<c>saliency.cli.sweep.&lt;command&gt;</c>, attribute <c>saliency.sweep.id</c> when the command names a
/// sweep) whose context the grain calls carry; see <see cref="CliTracing"/> for when it is exported.
/// </summary>
internal static class SweepCommandRunner
{
    public const int UnreachableExitCode = 3;

    public static int Run(ParseResult parse, Option<string?> cluster, string? sweepId, Func<IClusterClient, TextWriter, Task<int>> action)
    {
        var output = parse.InvocationConfiguration.Output;
        using var tracing = CliTracing.StartExporter();
        using var span = SaliencyTracing.StartCliCommand("sweep." + parse.CommandResult.Command.Name, sweepId);
        try
        {
            var code = RunAsync().GetAwaiter().GetResult();
            span?.SetTag("saliency.cli.exit_code", code);
            return code;
        }
        catch (ClusterUnreachableException e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return UnreachableExitCode;
        }
        catch (KeyNotFoundException e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return CliErrors.UserErrorExitCode;
        }
        catch (InvalidOperationException e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return CliErrors.UserErrorExitCode;
        }

        async Task<int> RunAsync()
        {
            await using var connection = await ClusterConnection.ConnectAsync(parse.GetValue(cluster));
            return await action(connection.Client, output);
        }
    }
}
