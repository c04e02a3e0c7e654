using System.Diagnostics;
using System.Net.Sockets;
using Saliency.Storage;
using Xunit;

namespace Saliency.TestFixtures;

/// <summary>
/// Azurite for the tests: the shared instance started by scripts/services/azurite.sh (blob 127.0.0.1:10000), and
/// private instances (own port, data on disk) started from the same npm install for the outage tests. When Azurite
/// is missing the tests fail with instructions (never skip), in CI and locally alike.
/// </summary>
public static class AzuriteService
{
    public const int SharedBlobPort = 10000;

    /// <summary>Azurite's published development account key (not a secret).</summary>
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string ConnectionString(int blobPort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;";

    public static string RepoRoot { get; } = RepositoryRoot.Path;

    public static string BlobBinary => Path.Combine(RepoRoot, ".ci", ".cache", "azurite", "node_modules", ".bin", "azurite-blob");

    /// <summary>A store on a fresh container of the shared Azurite; fails with instructions when it is not running.</summary>
    public static AzureBlobObjectStore SharedStore(int blockSize = 4 * 1024 * 1024)
    {
        if (!IsListening(SharedBlobPort))
        {
            throw new InvalidOperationException(
                "No Azurite on 127.0.0.1:10000: start it with `SERVICES_DIR=$(mktemp -d) bash scripts/services/azurite.sh` (scripts/test does this)");
        }

        return AzureBlobObjectStore.Create(ConnectionString(SharedBlobPort), "t" + Guid.NewGuid().ToString("N")[..20], "runs/x", blockSize);
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>A private Azurite blob service with its data on disk, so that it can be stopped and restarted.</summary>
public sealed class PrivateAzurite : IDisposable
{
    private readonly string _location = Path.Combine(Path.GetTempPath(), "saliency-azurite-" + Guid.NewGuid().ToString("N"));
    private readonly Lock _lock = new();
    private Process? _process;
    private bool _disposed;

    public PrivateAzurite()
    {
        if (!File.Exists(AzuriteService.BlobBinary))
        {
            throw new InvalidOperationException($"Azurite is not installed at {AzuriteService.BlobBinary}: run scripts/services/azurite.sh");
        }

        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        Port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Directory.CreateDirectory(_location);
        Start();
    }

    public int Port { get; }

    public string ConnectionString => AzuriteService.ConnectionString(Port);

    /// <summary>Starts the service (no-op once disposed, so a late restart task cannot leak a process).</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                StartLocked();
            }
        }
    }

    private void StartLocked()
    {
        var start = new ProcessStartInfo(AzuriteService.BlobBinary,
            ["--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--location", _location, "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!AzuriteService.IsListening(Port))
        {
            Assert.True(DateTime.UtcNow < deadline, "private Azurite did not start");
            Assert.False(_process.HasExited, "private Azurite exited at start");
            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Stops the service as an orchestrator would (SIGTERM, then SIGKILL after 20 s); Azurite saves its metadata on
    /// SIGTERM, so committed blobs survive like on a real service. Staged, uncommitted blocks may not.
    /// </summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }

            if (!_process.WaitForExit(20_000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }

        _process?.Dispose();
        _process = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (AzuriteService.IsListening(Port) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }

            _process?.Dispose();
            _process = null;
        }

        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
