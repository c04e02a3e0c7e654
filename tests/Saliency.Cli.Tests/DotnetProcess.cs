using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Saliency.Cli.Tests;

/// <summary>
/// A program of this repository run as its own process (<c>dotnet X.dll</c> from the test's output folder, where the
/// referenced silo and CLI are copied) with extra environment variables; its output is kept for failure messages.
/// Disposing kills it (its process tree).
/// </summary>
internal sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DotnetProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything it printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="dll"/> (e.g. <c>Saliency.Silo.dll</c>) with <paramref name="arguments"/>.</summary>
    public static DotnetProcess Start(string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. arguments])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new DotnetProcess(Process.Start(start)!);
        process._process.OutputDataReceived += (_, e) => process.Append(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Append(e.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A silo process (<c>Saliency.Silo.dll</c>) with its settings as <c>Section__Key</c> environment variables.</summary>
    public static DotnetProcess StartSilo(IReadOnlyDictionary<string, string> settings) => Start("Saliency.Silo.dll", settings);

    /// <summary>Runs the CLI (<c>saliency.dll</c>) to its end: exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunCliAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        await using var cli = Start("saliency.dll", environment, arguments);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await cli._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"saliency {string.Join(' ', arguments)} did not finish in {timeout}: {cli.Output}");
        }

        cli._process.WaitForExit(); // drains the output
        return (cli.ExitCode, cli.Output);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits until something accepts connections on 127.0.0.1:<paramref name="port"/>; false on timeout or when the process exited.</summary>
    public async Task<bool> WaitListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
