using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Saliency.Cli.Tests;

/// <summary>
/// The CLI (<c>saliency.dll</c> from the test's output folder) run as its own process, so that it gets its own
/// environment (e.g. a per-test <c>SALIENCY_CLUSTER_ID</c>) without touching the test process's.
/// </summary>
internal static class CliProcess
{
    /// <summary>Runs <c>saliency ARGS</c> to its end: exit code and output (stdout and stderr interleaved).</summary>
    public static async Task<(int Code, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "saliency.dll"), .. arguments])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"saliency {string.Join(' ', arguments)} did not finish in {timeout}: {output}");
        }

        process.WaitForExit(); // drains the output
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Waits until something accepts connections on 127.0.0.1:<paramref name="port"/>; false on timeout.</summary>
    public static async Task<bool> WaitListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        return false;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
