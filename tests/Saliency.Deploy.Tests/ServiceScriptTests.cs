using System.Diagnostics;
using static Saliency.Deploy.Tests.ShellScripts;

namespace Saliency.Deploy.Tests;

/// <summary>
/// The test command's service scripts install packages through one helper (scripts/lib/apt-install.sh) that waits a
/// bounded time for a package lock another install holds, then fails loudly; scripts/test stops when a service script
/// fails. Tested without touching the real lock or apt: the helper is pointed (through its variables) at a temporary
/// lock file that this test holds with flock, and at a fake apt-get that records its arguments. The real lock paths
/// and apt-get stay the defaults.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServiceScriptTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("saliency-apt-").FullName;
    private Process? holder;

    public ServiceScriptTests()
    {
        File.WriteAllText(Lock, string.Empty);
        FakeAptGet(exitCode: 0, output: "fake apt-get: ok");
    }

    private string Lock => Path.Combine(dir, "lock-frontend");

    private string Calls => Path.Combine(dir, "apt-get.calls");

    private string Helper => RepoPaths.Combine("scripts", "lib", "apt-install.sh");

    public void Dispose()
    {
        Release();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A fake apt-get that appends its arguments to <see cref="Calls"/> and exits with <paramref name="exitCode"/>.</summary>
    private void FakeAptGet(int exitCode, string output)
    {
        var path = Path.Combine(dir, "apt-get");
        File.WriteAllText(path, $"#!/bin/bash\necho \"$*\" >>'{Calls}'\necho '{output}'\nexit {exitCode}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Holds an exclusive flock on <see cref="Lock"/> (as another apt run would hold dpkg's lock) until released.</summary>
    private int Hold()
    {
        holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", Lock, "sleep", "120"]) { RedirectStandardOutput = true })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.ReadAllText("/proc/locks").Contains($" {holder.Id} ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "flock did not take the lock");
            Thread.Sleep(50);
        }

        return holder.Id;
    }

    private void Release()
    {
        if (holder is { HasExited: false })
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
    }

    private Dictionary<string, string> Settings(int waitSeconds) => new()
    {
        ["SALIENCY_APT_LOCKS"] = Lock,
        ["SALIENCY_APT_GET"] = Path.Combine(dir, "apt-get"),
        ["SALIENCY_APT_LOCK_WAIT"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A PATH of links to every command in /usr/bin except <paramref name="hidden"/>, so a script sees them as not installed.</summary>
    private string PathWithout(params string[] hidden)
    {
        var bin = Path.Combine(dir, "bin");
        Directory.CreateDirectory(bin);
        foreach (var command in Directory.GetFiles("/usr/bin"))
        {
            var name = Path.GetFileName(command);
            if (!hidden.Contains(name) && !File.Exists(Path.Combine(bin, name)))
            {
                File.CreateSymbolicLink(Path.Combine(bin, name), command);
            }
        }

        return bin;
    }

    [Fact]
    public void Held_lock_is_waited_for_with_a_message_then_the_install_fails_loudly_without_running_apt_get()
    {
        int pid = Hold();
        var (code, _, err, took) = Bash($". '{Helper}'; apt_install '{dir}/install.log' redis-server", Settings(waitSeconds: 3));
        Assert.Equal(1, code);
        Assert.Contains($"apt-install: waiting up to 3 s for the package lock {Lock} (held by process {pid}, flock) to install redis-server", err);
        Assert.Contains($"apt-install: ERROR: the package lock {Lock} is still held by process {pid} (flock) after 3 s; cannot install redis-server.", err);
        Assert.InRange(took.TotalSeconds, 2.5, 30);
        Assert.False(File.Exists(Calls), "apt-get ran while the lock was held");
    }

    [Fact]
    public async Task Install_goes_ahead_once_the_other_install_releases_the_lock()
    {
        Hold();
        var release = Task.Delay(2000).ContinueWith(_ => Release(), TaskScheduler.Default);
        var (code, _, err, took) = Bash($". '{Helper}'; apt_install '{dir}/install.log' prometheus", Settings(waitSeconds: 60));
        await release;
        Assert.True(code == 0, err);
        Assert.Contains("apt-install: waiting up to 60 s for the package lock", err);
        Assert.Contains("apt-install: the package lock is free; installing prometheus", err);
        Assert.InRange(took.TotalSeconds, 1.5, 45);
        var call = Assert.Single(File.ReadAllLines(Calls));
        Assert.Matches(@"^-o DPkg::Lock::Timeout=\d+ install -y --no-install-recommends prometheus$", call);
    }

    [Fact]
    public void Failing_apt_get_is_reported_with_its_last_lines_and_a_failure()
    {
        FakeAptGet(exitCode: 100, output: "E: Unable to locate package no-such-package");
        var (code, _, err, _) = Bash($". '{Helper}'; apt_install '{dir}/install.log' no-such-package", Settings(waitSeconds: 5));
        Assert.Equal(1, code);
        Assert.Contains($"apt-install: ERROR: could not install no-such-package with {dir}/apt-get (log: {dir}/install.log); its last lines:", err);
        Assert.Contains("  | E: Unable to locate package no-such-package", err);
        Assert.Equal(["install", "update"], File.ReadAllLines(Calls).Select(c => c.Split(' ')[2]));
    }

    [Theory]
    [InlineData("prometheus.sh", new[] { "prometheus", "promtool" }, "prometheus.sh: ERROR: prometheus and promtool are needed")]
    [InlineData("redis.sh", new[] { "redis-server", "redis-cli" }, "redis.sh: ERROR: redis-server is needed")]
    public void Service_script_fails_instead_of_skipping_when_the_lock_stays_held(string script, string[] hidden, string message)
    {
        Hold();
        var env = Settings(waitSeconds: 2);
        env["PATH"] = PathWithout(hidden);
        env["SERVICES_DIR"] = dir;
        var (code, _, err, _) = Bash($"bash '{RepoPaths.Combine("scripts", "services", script)}'", env);
        Assert.True(code == 1, err);
        Assert.Contains("apt-install: ERROR: the package lock", err);
        Assert.Contains(message, err);
        Assert.False(File.Exists(Calls));
    }

    [Fact]
    public void Test_command_stops_before_building_when_a_service_script_fails()
    {
        // A copy of scripts/ (test, lib/, and the prometheus starter only) in a bare folder: scripts/test must stop
        // at the failing starter, before it looks for the solution.
        var root = Path.Combine(dir, "repo");
        var testCommand = ShellScripts.CopyTestCommand(root);
        File.Copy(RepoPaths.Combine("scripts", "services", "prometheus.sh"), Path.Combine(root, "scripts", "services", "prometheus.sh"));
        Hold();
        var env = Settings(waitSeconds: 2);
        env["PATH"] = PathWithout("prometheus", "promtool", "dotnet");
        var (code, stdout, err, _) = Bash($"bash '{testCommand}'", env);
        Assert.Equal(1, code);
        Assert.Contains("scripts/test: prometheus.sh failed (see above); not running the tests", err);
        Assert.DoesNotContain("passed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_service_script_installs_through_the_helper_and_the_real_lock_paths_are_the_default()
    {
        foreach (var script in Directory.GetFiles(RepoPaths.Combine("scripts", "services"), "*.sh"))
        {
            var code = File.ReadAllLines(script).Where(l => !l.TrimStart().StartsWith('#')).ToList();
            // No apt-get run directly (quoted text such as messages aside).
            Assert.DoesNotContain(code, l => System.Text.RegularExpressions.Regex.Replace(l, "\"[^\"]*\"|'[^']*'", string.Empty).Contains("apt-get", StringComparison.Ordinal));
            if (code.Any(l => l.Contains("apt_install", StringComparison.Ordinal)))
            {
                Assert.Contains(code, l => l.Contains("lib/apt-install.sh", StringComparison.Ordinal));
            }
        }

        var (status, stdout, _, _) = Bash($". '{Helper}'; apt_lock_files; echo ${{SALIENCY_APT_GET:-apt-get}} ${{SALIENCY_APT_LOCK_WAIT:-300}}", new Dictionary<string, string>());
        Assert.Equal(0, status);
        Assert.Equal("/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock\napt-get 300\n", stdout);
    }
}
