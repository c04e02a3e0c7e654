namespace Saliency.Contracts;

/// <summary>
/// Resolves a sweep's sample selection against its data set (and model), on a GPU silo where the data lives
/// (key: the sweep id). Returns patch indices in ascending order.
/// </summary>
public interface ISampleResolverGrain : IGrainWithStringKey
{
    /// <summary>May run the model over the whole validation split (a rule with a confidence threshold).</summary>
    [ResponseTimeout(IShardWorkGrain.LongCallTimeout)]
    Task<IReadOnlyList<int>> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection);

    /// <summary>Table 1 of the data set (the <c>table1.json</c> text <c>data prepare</c> wrote beside it), or null
    /// when the data set has none to give.</summary>
    Task<string?> DatasetComposition(string dataPath);
}
