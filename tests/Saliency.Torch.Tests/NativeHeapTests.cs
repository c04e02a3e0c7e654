using System.Globalization;
using System.Runtime.InteropServices;
using Saliency.Torch.Model;

namespace Saliency.Torch.Tests;

/// <summary>
/// The malloc tuning changes what a large allocation costs: without it glibc maps every block above 32 MiB afresh
/// (a page fault per 4 KiB page each time it is touched); with it a freed block is reused from the heap.
/// </summary>
public class NativeHeapTests
{
    private const int Block = 48 << 20; // above glibc's largest mmap threshold (32 MiB)

    [Fact]
    public void Switched_off_it_leaves_the_allocator_alone()
    {
        Assert.False(NativeHeap.Apply("off"));
        Assert.False(NativeHeap.Apply(" FALSE "));
        Assert.False(NativeHeap.Apply("0"));
    }

    [Fact]
    public void Tuned_a_freed_large_block_is_reused_without_new_page_faults()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test reads /proc and needs Linux with glibc");
        Assert.True(NativeHeap.Apply(null), "mallopt refused the settings");

        TouchFreshBlock(); // grows the heap once
        var before = MinorFaultsOfThisThread();
        TouchFreshBlock();
        var faults = MinorFaultsOfThisThread() - before;

        // Fresh mappings would fault once per page: 12288 pages of 4 KiB.
        Assert.True(faults < Block / 4096 / 10, $"{faults} page faults while touching a reused {Block >> 20} MiB block");
    }

    private static void TouchFreshBlock()
    {
        var block = Marshal.AllocHGlobal(Block);
        try
        {
            for (var offset = 0; offset < Block; offset += 4096)
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
}
