namespace Saliency.Cli.Tests;

/// <summary>
/// <c>saliency doctor</c> in its own process, which is where the malloc restart happens (<c>NativeHeap</c>): by
/// default the CLI re-executes itself with one shared malloc arena, and a 96 MiB block freed and allocated again on a
/// worker thread is then reused; switched off, the same probe maps every block afresh (one fault per page).
/// </summary>
public class DoctorCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task By_default_the_CLI_restarts_with_one_arena_and_worker_threads_reuse_large_blocks()
    {
        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), Timeout, "doctor");

        Assert.True(code == 0, output);
        Assert.Contains("libtorch: loaded", output);
        Assert.Contains("glibc malloc tuning on, one shared arena", output);
        Assert.Contains("large blocks on worker threads: reused", output);
    }

    [Fact]
    public async Task Switched_off_there_is_no_restart_and_every_large_block_is_mapped_afresh()
    {
        var (code, output) = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["SALIENCY_MALLOC_TUNING"] = "off" }, Timeout, "doctor");

        Assert.True(code == 0, output);
        Assert.Contains("glibc malloc tuning off, per-thread arenas", output);
        Assert.Contains("large blocks on worker threads: mapped afresh each time", output);
    }

    [Fact]
    public async Task The_restarted_process_gets_the_same_arguments_and_exit_code()
    {
        const string Path = "/nonexistent dir/ü x.salpatch";
        var (code, output) = await CliProcess.RunAsync(new Dictionary<string, string>(), Timeout, "data", "info", Path);

        Assert.Equal(2, code);
        Assert.Contains($"error: {Path}: patch-set file not found", output);
    }
}
