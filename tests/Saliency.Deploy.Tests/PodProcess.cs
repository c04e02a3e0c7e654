using System.Diagnostics;
using System.Text;

namespace Saliency.Deploy.Tests;

/// <summary>
/// One container of a rendered pod run as a local process: <c>dotnet DLL ARGS</c> from the test's output folder with
/// exactly the given environment. Unlike LocalSiloProcess and CliProcess (which add free ports and inherit the test's
/// environment), nothing is added but what a container image's runtime has anyway (PATH, HOME, the .NET root).
/// Disposing kills it. <see cref="Log"/> keeps stdout and stderr.
/// </summary>
internal sealed class PodProcess : IAsyncDisposable
{
    private const int MaxLogChars = 200_000;
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PodProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    public static PodProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var keep in new[] { "PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO" })
        {
            if (Environment.GetEnvironmentVariable(keep) is { } value)
            {
                start.Environment[keep] = value;
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var pod = new PodProcess(name, process);
        process.OutputDataReceived += (_, e) => pod.Append(e.Data);
        process.ErrorDataReceived += (_, e) => pod.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return pod;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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
}

/// <summary>A private redis-server (Debian's, installed by scripts/services/redis.sh) on a free loopback port, no persistence.</summary>
internal sealed class PrivateRedis : IDisposable
{
    private readonly Process _process;

    public PrivateRedis()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run `SERVICES_DIR=$(mktemp -d) bash scripts/services/redis.sh` (scripts/test does this)");
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        _process = Process.Start(new ProcessStartInfo(binary, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Saliency.TestFixtures.AzuriteService.IsListening(Port))
        {
            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, "private redis-server did not start");
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
