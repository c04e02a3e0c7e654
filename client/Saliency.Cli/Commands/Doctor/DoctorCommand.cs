using System.CommandLine;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Cli.Commands.Doctor;

/// <summary>
/// <c>saliency doctor</c>: what this machine gives the compute core: whether libtorch loads, CUDA devices, torch
/// threads, and whether large tensors are recycled by the C heap on a worker thread (see <see cref="NativeHeap"/>),
/// measured: a 96 MiB block is freed and allocated again on a new thread and its page faults are counted.
/// </summary>
internal static class DoctorCommand
{
    private const int ProbeMegabytes = 96;

    public static Command Create()
    {
        var cmd = new Command("doctor", "Check libtorch, CUDA and the C heap's reuse of large blocks on this machine.");
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"libtorch: loaded, {get_num_threads()} CPU threads");
            stdout.WriteLine(cuda.is_available()
                ? $"cuda: available, {cuda.device_count()} device(s)"
                : "cuda: not available (CPU only)");
            stdout.WriteLine($"malloc: {NativeHeap.Describe()}");
            if (OperatingSystem.IsLinux())
            {
                long pages = (ProbeMegabytes << 20) / 4096;
                long faults = NativeHeap.WorkerThreadFaultsPerLargeBlock(ProbeMegabytes);
                var verdict = faults < pages / 10 ? "reused" : "mapped afresh each time";
                stdout.WriteLine($"large blocks on worker threads: {verdict} ({faults} page faults per {ProbeMegabytes} MiB block of {pages} pages)");
            }

            return 0;
        });
        return cmd;
    }
}
