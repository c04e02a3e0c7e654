using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Saliency.Torch.Model;

/// <summary>
/// Keeps libtorch's large CPU tensors on the C heap instead of fresh <c>mmap</c>s. glibc serves every allocation
/// above its mmap threshold (at most 32 MiB) with a new mapping and unmaps it on free, so each forward pass over a
/// batch pays page faults and kernel zeroing for all its large activations again: a batch-50 forward on this CPU took
/// 2.2 s against 2 x 0.57 s for two batch-25 ones. Two parts (docs/methods.md has the measurements):
/// <list type="bullet">
/// <item><see cref="TuneForLargeTensors"/>: <c>mallopt</c> with <c>M_MMAP_MAX</c> = 0 (no mmapped chunks) and a
/// trim threshold of 1 GiB (freed heap is kept for reuse up to that size). This covers the main arena only.</item>
/// <item><see cref="RestartWithTunables"/>: threads other than the first get their own glibc arenas, whose heaps
/// hold at most 64 MiB: there a larger block is always a fresh mapping, whatever <c>mallopt</c> says, and an
/// emptied extra heap is unmapped. Grains compute on executor threads, so a batch-25 ScoreCAM in a silo paid the
/// full cost. A process's arenas can only be limited before its threads start, by <c>GLIBC_TUNABLES</c>; so the
/// CLI and the silo re-execute themselves once at start with <see cref="Tunables"/> added (one shared arena, the
/// same mmap and trim settings).</item>
/// </list>
/// The cost is a process that keeps up to its peak tensor memory. <c>SALIENCY_MALLOC_TUNING=off</c> turns both off.
/// No effect outside Linux with glibc.
/// </summary>
public static class NativeHeap
{
    /// <summary>Environment variable that turns the tuning off (<c>off</c>, <c>0</c> or <c>false</c>).</summary>
    public const string Switch = "SALIENCY_MALLOC_TUNING";

    /// <summary>glibc's environment variable for malloc settings that must be in place before the process starts.</summary>
    public const string TunablesVariable = "GLIBC_TUNABLES";

    /// <summary>The settings <see cref="RestartWithTunables"/> adds: one arena for all threads, no mmapped chunks, 1 GiB trim threshold.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> Tunables =
    [
        ("glibc.malloc.arena_max", "1"),
        ("glibc.malloc.mmap_max", "0"),
        ("glibc.malloc.trim_threshold", TrimThresholdBytes.ToString(CultureInfo.InvariantCulture)),
    ];

    private const int MallocTrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MallocMmapMax = -4; // M_MMAP_MAX
    private const int TrimThresholdBytes = 1 << 30;

    private static int _applied;

    /// <summary>Whether <see cref="TuneForLargeTensors"/> applied the <c>mallopt</c> settings in this process.</summary>
    public static bool Tuned { get; private set; }

    /// <summary>Whether this process started with one shared malloc arena (<c>glibc.malloc.arena_max=1</c> in <c>GLIBC_TUNABLES</c>).</summary>
    public static bool SharedArena => TunableValue(Environment.GetEnvironmentVariable(TunablesVariable), "glibc.malloc.arena_max") == "1";

    /// <summary>
    /// Call first thing in <c>Main</c>: whatever ran before is done again by the new image. Unless the tuning is switched off, or
    /// <c>GLIBC_TUNABLES</c> already sets the arena count, or this is not Linux with glibc, replaces the process
    /// (<c>execve</c>: same process id, command line, standard streams and environment) with one that starts with
    /// <see cref="Tunables"/> added to <c>GLIBC_TUNABLES</c>. Returns only when it did not restart (including when
    /// <c>execve</c> failed, which leaves the process as it was).
    /// </summary>
    public static void RestartWithTunables()
    {
        var tunables = TunablesToStartWith(
            Environment.GetEnvironmentVariable(TunablesVariable), Environment.GetEnvironmentVariable(Switch));
        if (tunables is null || !OperatingSystem.IsLinux() || !IsGlibc())
        {
            return;
        }

        string[] arguments;
        try
        {
            arguments = File.ReadAllText("/proc/self/cmdline").Split('\0');
        }
        catch (IOException)
        {
            return;
        }

        var argv = arguments[..^1].Cast<string?>().Append(null).ToArray(); // the file ends with a NUL
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => (string)e.Key != TunablesVariable)
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{TunablesVariable}={tunables}")
            .Cast<string?>()
            .Append(null)
            .ToArray();
        ExecuteImage("/proc/self/exe", argv, environment); // returns only on failure
    }

    /// <summary>
    /// The <c>GLIBC_TUNABLES</c> value a process should start with, given its current value and the
    /// <see cref="Switch"/> setting: the current value with those of <see cref="Tunables"/> it does not set appended;
    /// null when no restart is wanted (switched off, or the arena count is already set, by us or by the user).
    /// </summary>
    public static string? TunablesToStartWith(string? current, string? setting)
    {
        if (IsOff(setting) || TunableValue(current, "glibc.malloc.arena_max") is not null)
        {
            return null;
        }

        var added = Tunables.Where(t => TunableValue(current, t.Name) is null).Select(t => $"{t.Name}={t.Value}");
        return string.Join(':', string.IsNullOrEmpty(current) ? added : added.Prepend(current));
    }

    /// <summary>
    /// Applies the <c>mallopt</c> settings once per process unless <see cref="Switch"/> turns them off; true when
    /// they are in effect.
    /// </summary>
    public static bool TuneForLargeTensors()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 0)
        {
            Tuned = Apply(Environment.GetEnvironmentVariable(Switch));
        }

        return Tuned;
    }

    /// <summary>
    /// Sets glibc's malloc options unless <paramref name="setting"/> is <c>off</c>, <c>0</c> or <c>false</c>;
    /// false when not applied (switched off, not Linux, or a C library without <c>mallopt</c>).
    /// </summary>
    public static bool Apply(string? setting)
    {
        if (IsOff(setting) || !OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallOpt(MallocMmapMax, 0) == 1 && MallOpt(MallocTrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
    }

    /// <summary>
    /// Allocates, touches and frees a block of <paramref name="megabytes"/> MiB on a new thread (as an executor
    /// thread would), once to grow the heap and then five times, and returns the median page faults of those five:
    /// near 0 when the block is reused, one per 4 KiB page when it is mapped afresh each time. (A single round can
    /// fault when another thread's small allocation lands in the freed block in between, hence the median.) Linux only.
    /// </summary>
    public static long WorkerThreadFaultsPerLargeBlock(int megabytes = 96)
    {
        var faults = new long[5];
        var worker = new Thread(() =>
        {
            var size = megabytes << 20;
            TouchFreshBlock(size);
            for (var round = 0; round < faults.Length; round++)
            {
                var before = MinorFaultsOfThisThread();
                TouchFreshBlock(size);
                faults[round] = MinorFaultsOfThisThread() - before;
            }
        });
        worker.Start();
        worker.Join();
        Array.Sort(faults);
        return faults[faults.Length / 2];
    }

    /// <summary>One line for reports: what is in effect.</summary>
    public static string Describe() =>
        $"glibc malloc tuning {(Tuned ? "on" : "off")}, {(SharedArena ? "one shared arena" : "per-thread arenas")} ({Switch})";

    private static bool IsOff(string? setting) => setting?.Trim().ToLowerInvariant() is "off" or "0" or "false";

    /// <summary>Value of <paramref name="name"/> in a <c>GLIBC_TUNABLES</c> string (<c>a=1:b=2</c>), or null.</summary>
    private static string? TunableValue(string? tunables, string name) =>
        tunables?.Split(':')
            .Select(t => t.Split('=', 2))
            .LastOrDefault(kv => kv.Length == 2 && kv[0].Trim() == name)?[1].Trim();

    private static bool IsGlibc()
    {
        try
        {
            return GnuLibcVersion() != IntPtr.Zero;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static void TouchFreshBlock(int size)
    {
        var block = Marshal.AllocHGlobal(size);
        try
        {
            for (var offset = 0; offset < size; offset += 4096)
            {
                Marshal.WriteByte(block, offset, 1);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>Field 10 (minflt) of /proc/thread-self/stat: minor page faults of the calling thread.</summary>
    private static long MinorFaultsOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture); // fields after "(comm) ": state is field 3
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    [DllImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static extern IntPtr GnuLibcVersion();

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int ExecuteImage(string path, string?[] argv, string?[] envp);
}
