using System.CommandLine;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>Runs a sweep command against the cluster: connects, runs, maps an unreachable cluster to exit code 3.</summary>
internal static class SweepCommandRunner
{
    public const int UnreachableExitCode = 3;

    public static int Run(ParseResult parse, Option<string?> cluster, Func<IClusterClient, TextWriter, Task<int>> action)
    {
        var output = parse.InvocationConfiguration.Output;
        try
        {
            return RunAsync().GetAwaiter().GetResult();
        }
        catch (ClusterUnreachableException e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return UnreachableExitCode;
        }
        catch (KeyNotFoundException e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return CliErrors.UserErrorExitCode;
        }
        catch (InvalidOperationException e)
        {
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
