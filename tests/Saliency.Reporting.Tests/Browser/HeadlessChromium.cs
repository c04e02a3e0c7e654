using System.Diagnostics;
using System.Text.RegularExpressions;
using Saliency.TestFixtures;

namespace Saliency.Reporting.Tests.Browser;

/// <summary>
/// A headless Chromium (Debian's <c>chromium</c>, installed by scripts/services/chromium.sh) with a fresh empty
/// profile and its DevTools endpoint on a free loopback port (<c>--remote-debugging-port=0</c>; the WebSocket URL is
/// read from the "DevTools listening on ws://..." line on stderr). Disposing kills the browser's process tree and
/// deletes the profile. The flags keep it off the network: no background networking, component updates, sync or
/// QUIC, and every host name resolves to "not found", so a page's request to an outside URL fails at once instead
/// of waiting on the closed network (the request is still seen by the DevTools Network domain).
/// </summary>
internal sealed partial class HeadlessChromium : IDisposable
{
    /// <summary>Environment variable with the path of the Chromium executable, when it is not <c>chromium</c> on PATH.</summary>
    public const string PathVariable = "SALIENCY_CHROMIUM";

    private readonly Process _process;
    private readonly TempDir _profile;

    private HeadlessChromium(Process process, TempDir profile, Uri devTools)
    {
        _process = process;
        _profile = profile;
        DevToolsUrl = devTools;
    }

    /// <summary>The browser-level DevTools WebSocket URL.</summary>
    public Uri DevToolsUrl { get; }

    /// <summary>The executable: $SALIENCY_CHROMIUM, else <c>chromium</c> (or <c>chromium-browser</c>) on PATH; fails naming both when there is none.</summary>
    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{PathVariable}={configured} does not exist; it must name the Chromium executable.");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"Chromium not found: no 'chromium' on PATH and {PathVariable} is not set. Install Debian's chromium package " +
            "(`SERVICES_DIR=$(mktemp -d) bash scripts/services/chromium.sh`; scripts/test does this) or set " +
            $"{PathVariable} to the executable.");
    }

    public static async Task<HeadlessChromium> StartAsync(TimeSpan timeout)
    {
        var executable = Locate();
        var profile = new TempDir();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1320,1000", $"--user-data-dir={profile.Path}", "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var stderr = new List<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.Add(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"{executable} exited with {process.ExitCode} before it listened."));
        try
        {
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var url = await listening.Task.WaitAsync(timeout);
            return new HeadlessChromium(process, profile, url);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Stop(process);
            profile.Dispose();
            string tail;
            lock (stderr)
            {
                tail = string.Join("\n", stderr.TakeLast(20));
            }

            throw new InvalidOperationException($"Headless Chromium ({executable}) did not open its DevTools endpoint within {timeout.TotalSeconds:0} s: {e.Message}\nstderr:\n{tail}", e);
        }
    }

    public void Dispose()
    {
        Stop(_process);
        _profile.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started, or already gone
        }

        process.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();
}
