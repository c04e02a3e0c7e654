using System.Runtime.CompilerServices;

// Torch tests run one at a time, each on one libtorch thread:
// - torch's global generator (used by every ResNet18 constructor's init and by seeded training) is process-wide,
//   so tests running in parallel perturb each other's "same seed, same result" checks;
// - on the shared 2-core machine, libtorch's OpenMP threads spin-wait when the cores are busy: a 64 x 64 VanillaGrad
//   took 1.4 s with 2 threads under load and 0.11 s with 1.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Saliency.Torch.Tests;

internal static class TorchTestSetup
{
    [ModuleInitializer]
    internal static void OneThread() => TorchSharp.torch.set_num_threads(1);
}
