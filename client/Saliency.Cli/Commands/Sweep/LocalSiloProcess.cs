using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// A silo host (<c>Saliency.Silo.dll</c>, built next to the CLI) started as its own process on loopback with free
/// ports and settings given as <c>Saliency__...</c> environment variables (localhost clustering; the telemetry HTTP
/// endpoint off unless set). <see cref="Log"/> keeps its console output (for error messages). Used by
/// <c>bench-cluster</c> and the process-level tests. Disposing kills it.
/// </summary>
internal sealed class LocalSiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private const int MaxLogChars = 200_000;

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private LocalSiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The gateway as <c>--cluster</c> takes it.</summary>
    public string Address => $"127.0.0.1:{GatewayPort}";

    /// <summary>Starts a silo; <paramref name="primarySiloPort"/> joins an existing one (localhost clustering).</summary>
    public static LocalSiloProcess Start(IReadOnlyDictionary<string, string> settings, int? primarySiloPort = null)
    {
        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        var all = new Dictionary<string, string>
        {
            ["Saliency__Silo__SiloPort"] = Inv(siloPort),
            ["Saliency__Silo__PrimarySiloPort"] = Inv(primarySiloPort ?? siloPort),
            ["Saliency__Silo__GatewayPort"] = Inv(gatewayPort),
            ["Telemetry__HttpEndpoint"] = string.Empty,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return StartAsConfigured(all, siloPort, gatewayPort);
    }

    /// <summary>
    /// Starts a silo the way a shell command does: its appsettings.json plus exactly <paramref name="environment"/>
    /// (no ports chosen here); <paramref name="siloPort"/> and <paramref name="gatewayPort"/> are what that gives.
    /// </summary>
    public static LocalSiloProcess StartAsConfigured(IReadOnlyDictionary<string, string> environment, int siloPort, int gatewayPort)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Saliency.Silo.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var silo = new LocalSiloProcess(process, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>
    /// Runs a CLI command against this silo, repeating it while the cluster is unreachable (exit code 3: the silo is
    /// still starting) for up to a minute.
    /// </summary>
    /// <summary>What the silo wrote to stdout and stderr so far (the last 200 000 characters).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>True once the process has ended (crashed or killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The process id (the silo host re-executes itself in place, so it keeps this id).</summary>
    public int Id => _process.Id;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Asks the silo to stop as an orchestrator does (SIGTERM: the host's graceful shutdown), without waiting.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to end; false when it still runs.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<(int Code, string Out, string Err)> CliWhenReachable(Func<string[], (int Code, string Out, string Err)> cli, params string[] args)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var result = cli(args);
            if (result.Code != 3 || DateTime.UtcNow > deadline || _process.HasExited)
            {
                return result;
            }

            await Task.Delay(500);
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > MaxLogChars)
            {
                _log.Remove(0, _log.Length - MaxLogChars);
            }
        }
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
