using Saliency.Torch.Model;

namespace Saliency.Torch.Tests;

/// <summary>
/// The malloc settings: which <c>GLIBC_TUNABLES</c> a process restarts with, and the off switch. That the restart
/// happens and makes a worker thread reuse a freed large block is checked on real processes by the CLI tests
/// (<c>saliency doctor</c>): a test host has its threads and arenas long before a test runs.
/// </summary>
public class NativeHeapTests
{
    private const string Ours = "glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824";

    [Fact]
    public void Switched_off_it_leaves_the_allocator_alone()
    {
        Assert.False(NativeHeap.Apply("off"));
        Assert.False(NativeHeap.Apply(" FALSE "));
        Assert.False(NativeHeap.Apply("0"));
        Assert.Null(NativeHeap.TunablesToStartWith(null, "off"));
        Assert.Null(NativeHeap.TunablesToStartWith("glibc.malloc.hugetlb=1", "0"));
    }

    [Fact]
    public void A_process_without_tunables_restarts_with_one_arena_no_mmap_and_a_1_GiB_trim_threshold()
    {
        Assert.Equal(Ours, NativeHeap.TunablesToStartWith(null, null));
        Assert.Equal(Ours, NativeHeap.TunablesToStartWith("", "on"));
        Assert.Equal(Ours, string.Join(':', NativeHeap.Tunables.Select(t => $"{t.Name}={t.Value}")));
    }

    [Fact]
    public void Settings_of_the_user_are_kept_and_not_repeated()
    {
        Assert.Equal($"glibc.malloc.hugetlb=1:{Ours}", NativeHeap.TunablesToStartWith("glibc.malloc.hugetlb=1", null));
        Assert.Equal(
            "glibc.malloc.mmap_max=5:glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=1073741824",
            NativeHeap.TunablesToStartWith("glibc.malloc.mmap_max=5", null));
    }

    [Theory]
    [InlineData("glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0")] // already restarted: no loop
    [InlineData("glibc.malloc.arena_max=4")] // the user chose the arenas
    [InlineData("glibc.malloc.hugetlb=1: glibc.malloc.arena_max = 2")]
    public void A_process_whose_arena_count_is_set_does_not_restart(string tunables) =>
        Assert.Null(NativeHeap.TunablesToStartWith(tunables, null));
}
