using System.Runtime.InteropServices;

namespace Saliency.Torch.Model;

/// <summary>
/// Keeps libtorch's large CPU tensors on the C heap instead of fresh <c>mmap</c>s. glibc serves every allocation
/// above its mmap threshold (at most 32 MiB) with a new mapping and unmaps it on free, so each forward pass over a
/// batch pays page faults and kernel zeroing for all its large activations again: a batch-50 forward on this CPU took
/// 2.2 s against 2 x 0.57 s for two batch-25 ones. With <c>M_MMAP_MAX</c> = 0 (no mmapped chunks) and a trim threshold
/// of 1 GiB (freed heap is kept for reuse up to that size) the memory is recycled instead (docs/methods.md has the
/// measurements). The cost is a process that keeps up to its peak tensor memory. Applied once per process at start
/// by the CLI and the silo; <c>SALIENCY_MALLOC_TUNING=off</c> leaves glibc's defaults. No effect outside Linux/glibc.
/// </summary>
public static class NativeHeap
{
    /// <summary>Environment variable that turns the tuning off (<c>off</c>, <c>0</c> or <c>false</c>).</summary>
    public const string Switch = "SALIENCY_MALLOC_TUNING";

    private const int MallocTrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MallocMmapMax = -4; // M_MMAP_MAX
    private const int TrimThresholdBytes = 1 << 30;

    private static int _applied;

    /// <summary>Whether the tuning is in effect in this process.</summary>
    public static bool Tuned { get; private set; }

    /// <summary>
    /// Applies the tuning once per process unless <see cref="Switch"/> turns it off; true when it is in effect.
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
        if (setting?.Trim().ToLowerInvariant() is "off" or "0" or "false" || !OperatingSystem.IsLinux())
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

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
