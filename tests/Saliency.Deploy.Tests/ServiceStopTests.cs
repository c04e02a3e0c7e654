using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using static Saliency.Deploy.Tests.ShellScripts;

namespace Saliency.Deploy.Tests;

/// <summary>
/// scripts/test stops the services it started when it exits (scripts/lib/services.sh). A CI run once passed every test
/// (1008 of 1008) and still exited 1: the exit trap sent SIGTERM to Redis and removed its folder at once, Redis wrote
/// its shutdown lines and re-created redis.log in the half-removed folder, and `rm` failed with "Directory not empty".
/// These tests use a real redis-server on a free port (not the suite's on 16379) and the real scripts/test.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServiceStopTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("saliency-stop-").FullName;
    private readonly List<int> started = [];

    private string Services => Path.Combine(dir, "services");

    private static string Stopper => RepoPaths.Combine("scripts", "lib", "services.sh");

    public void Dispose()
    {
        foreach (var pid in started)
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Gone already, as it should be.
            }
            catch (InvalidOperationException)
            {
            }
        }

        Directory.Delete(dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Bash lines that start a real Redis the way scripts/services/redis.sh does (foreground, nohup, pid file);
    /// <paramref name="services"/> is a shell word (quoted path or variable) naming the services folder.
    /// </summary>
    private static string StartRedis(string services, string log, int port) =>
        $"mkdir -p {services}/redis; " +
        $"nohup redis-server --bind 127.0.0.1 --port {port} --save '' --appendonly no --dir {services}/redis " +
        $"--logfile '{log}' --daemonize no >/dev/null 2>&1 & echo $! >{services}/redis.pid; " +
        $"for _ in $(seq 1 100); do [ \"$(redis-cli -p {port} ping 2>/dev/null)\" = PONG ] && break; sleep 0.1; done; " +
        $"[ \"$(redis-cli -p {port} ping 2>/dev/null)\" = PONG ] || {{ echo 'redis did not start' >&2; exit 9; }}; ";

    private int Pid(string name)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(dir, name)).Trim(), CultureInfo.InvariantCulture);
        started.Add(pid);
        return pid;
    }

    /// <summary>Whether the process runs (a zombie awaiting its parent counts as gone).</summary>
    private static bool Running(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void Redis_has_shut_down_before_its_folder_is_removed()
    {
        // Redis's log is kept outside the folder so that the test can read what Redis had written by the time
        // stop_services returned: its last shutdown line is "Redis is now ready to exit, bye bye...".
        var log = Path.Combine(dir, "redis.log");
        var (code, stdout, err, _) = Bash(
            StartRedis($"'{Services}'", log, FreePort()) +
            $"cp '{Services}/redis.pid' '{dir}/redis.pid.copy'; " +
            $". '{Stopper}'; stop_services '{Services}'; echo \"rc=$?\"; " +
            $"grep -c 'ready to exit' '{log}' || true; [ -e '{Services}' ] && echo 'folder left' || true");
        Assert.True(code == 0, err);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rc=0", lines[0]);
        Assert.True(lines[1] == "1", $"stop_services returned before Redis had finished shutting down; its log then ended:\n{string.Join('\n', File.ReadAllLines(log).TakeLast(3))}");
        Assert.DoesNotContain("folder left", stdout, StringComparison.Ordinal);
        Assert.False(Running(Pid("redis.pid.copy")), "Redis still runs after stop_services returned");
        Assert.Equal(string.Empty, err);
    }

    [Fact]
    public void A_server_that_ignores_SIGTERM_is_named_and_killed_after_the_wait()
    {
        // Started from a subshell, as the service scripts start theirs, so the server is not this shell's job.
        var (code, _, err, took) = Bash(
            $"mkdir -p '{Services}/stubborn'; " +
            $"( nohup bash -c \"trap '' TERM; while :; do date >>'{Services}/stubborn/out'; sleep 0.05; done\" >/dev/null 2>&1 & " +
            $"echo $! >'{Services}/stubborn.pid' ); cp '{Services}/stubborn.pid' '{dir}/stubborn.pid.copy'; sleep 0.3; " +
            $". '{Stopper}'; stop_services '{Services}'",
            new Dictionary<string, string> { ["SALIENCY_SERVICE_STOP_WAIT"] = "1" });
        Assert.True(code == 0, err);
        var pid = Pid("stubborn.pid.copy");
        Assert.Equal($"stop_services: stubborn (process {pid}) did not exit 1 s after SIGTERM; killing it\n", err);
        Assert.InRange(took.TotalSeconds, 1.0, 20);
        Assert.False(Running(pid), "the server still runs after SIGKILL");
        Assert.False(Directory.Exists(Services), "the services folder was left although the server was gone");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void The_test_command_exits_with_the_tests_status_and_leaves_no_service_running(int testStatus)
    {
        // A copy of scripts/test and scripts/lib in a bare repository layout, one starter that starts a real Redis on
        // a free port (and records its folder), and a dotnet on PATH whose `test` prints one summary line and exits
        // with the status under test.
        var root = Path.Combine(dir, "repo");
        var testCommand = ShellScripts.CopyTestCommand(root);
        var log = Path.Combine(dir, "redis.log");
        File.WriteAllText(
            Path.Combine(root, "scripts", "services", "redis.sh"),
            $"echo \"$SERVICES_DIR\" >'{dir}/services-dir'\n" + StartRedis("\"$SERVICES_DIR\"", log, FreePort()) +
            $"\ncp \"$SERVICES_DIR/redis.pid\" '{dir}/redis.pid.copy'\n");
        var bin = Path.Combine(dir, "bin");
        Directory.CreateDirectory(bin);
        var dotnet = Path.Combine(bin, "dotnet");
        File.WriteAllText(
            dotnet,
            "#!/bin/bash\n[ \"$1\" = test ] || exit 0\n" +
            $"echo 'Passed!  - Failed:     0, Passed:     2, Skipped:     0, Total:     2, Duration: 1 s - Fake.dll (net10.0)'\nexit {testStatus}\n");
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (code, stdout, err, _) = Bash(
            $"bash '{testCommand}'",
            new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" });
        Assert.True(code == testStatus, $"scripts/test exited {code}, the tests {testStatus}\n{err}");
        Assert.Contains("2 passed, 0 failed, 0 skipped", stdout, StringComparison.Ordinal);
        Assert.Contains("ready to exit", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.False(Running(Pid("redis.pid.copy")), "Redis still runs after scripts/test exited");
        Assert.False(Directory.Exists(File.ReadAllText(Path.Combine(dir, "services-dir")).Trim()), "scripts/test left its services folder");
    }
}
