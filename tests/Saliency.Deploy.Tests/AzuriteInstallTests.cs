using System.Diagnostics;

namespace Saliency.Deploy.Tests;

/// <summary>
/// scripts/services/azurite.sh installs Azurite with the real npm into a staging folder and moves it into the cache
/// only when complete. An install killed half-way (a cancelled CI run) once left a half-written lock file in the cache,
/// after which every later run failed ("npm error Invalid Version"). Here the script runs from a copy of the repository
/// layout in a temporary folder (so the real cache is not touched), is killed with its whole process group while npm
/// writes, and must have left the cache as it was; run again, it must install the pinned version.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AzuriteInstallTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("saliency-azurite-").FullName;

    public AzuriteInstallTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "scripts", "services"));
        File.Copy(RepoPaths.Combine("scripts", "services", "azurite.sh"), Path.Combine(root, "scripts", "services", "azurite.sh"));
        Directory.CreateDirectory(Services);
    }

    private string Cache => Path.Combine(root, ".ci", ".cache");

    private string Prefix => Path.Combine(Cache, "azurite");

    private string Services => Path.Combine(root, "services");

    public void Dispose()
    {
        // An Azurite the script started (none answered on 10000): stop it.
        var pid = Path.Combine(Services, "azurite.pid");
        if (File.Exists(pid) && int.TryParse(File.ReadAllText(pid).Trim(), out var id))
        {
            Process.Start("kill", ["-TERM", id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }

        Directory.Delete(root, recursive: true);
    }

    private string Log => Path.Combine(Services, "script.log");

    /// <summary>
    /// Runs the script in a process group of its own (so that it can be killed with npm), its output into
    /// <see cref="Log"/>: not a pipe, which an Azurite it starts in the background would hold open.
    /// </summary>
    private Process Start() =>
        Process.Start(new ProcessStartInfo("setsid", ["bash", "-c", $"exec bash '{Path.Combine(root, "scripts", "services", "azurite.sh")}' >'{Log}' 2>&1"])
        {
            Environment = { ["SERVICES_DIR"] = Services },
        })!;

    [Fact]
    public async Task An_install_killed_half_way_leaves_the_cache_as_it_was_and_the_next_run_installs_the_pinned_version()
    {
        if (Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(d => File.Exists(Path.Combine(d, "npm"))) != true)
        {
            Assert.Fail("npm is not on PATH: the test command installs Node.js for Azurite (scripts/services/azurite.sh)");
        }

        // What an earlier install left in the cache (its contents do not matter, only that they stay).
        Directory.CreateDirectory(Prefix);
        File.WriteAllText(Path.Combine(Prefix, "earlier.txt"), "earlier install");

        using (var first = Start())
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!Writing() && !first.HasExited)
            {
                Assert.True(DateTime.UtcNow < deadline, "npm wrote no package within 90 s");
                await Task.Delay(100);
            }

            Assert.False(first.HasExited, $"the install ended before it could be interrupted: {await File.ReadAllTextAsync(Log)}");
            await Process.Start("kill", ["-KILL", "--", $"-{first.Id}"])!.WaitForExitAsync();
            await first.WaitForExitAsync();
        }

        var left = Directory.GetFileSystemEntries(Prefix).Select(Path.GetFileName).Order().ToList();
        Assert.True(left is ["earlier.txt"], $"the killed install changed the cache: it holds {string.Join(", ", left)}");

        using var second = Start();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await second.WaitForExitAsync(limit.Token);
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {await File.ReadAllTextAsync(Log)}");
        var package = File.ReadAllText(Path.Combine(Prefix, "node_modules", "azurite", "package.json"));
        Assert.Contains("\"version\": \"3.37.0\"", package, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Prefix, "node_modules", ".bin", "azurite")), "no azurite command in the installed cache");
        Assert.False(File.Exists(Path.Combine(Prefix, "earlier.txt")), "the new install was not moved into place whole");
    }

    /// <summary>npm has started writing packages, into a staging folder beside the cache or into the cache itself.</summary>
    private bool Writing() =>
        Directory.GetDirectories(Cache, "azurite*")
            .Any(d => Directory.Exists(Path.Combine(d, "node_modules")) && Directory.EnumerateFileSystemEntries(Path.Combine(d, "node_modules")).Any());
}
