using Saliency.Contracts;
using Saliency.Grains.Gpu.Execution;

namespace Saliency.Grains.Gpu;

/// <summary>Resolves a sweep's samples on a GPU silo (data and model are read there, on the device thread).</summary>
public sealed class SampleResolverGrain(IDeviceExecutor executor, ISampleSource source) : Grain, ISampleResolverGrain
{
    public async Task<IReadOnlyList<int>> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection)
    {
        try
        {
            var indices = await executor.RunAsync(_ => source.Resolve(dataPath, modelPath, selection, executor.Device));
            return indices.Distinct().Order().ToArray();
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    public Task<string?> DatasetComposition(string dataPath) => executor.RunAsync(_ => source.DatasetComposition(dataPath));
}
