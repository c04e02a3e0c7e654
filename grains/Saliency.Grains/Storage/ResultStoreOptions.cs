namespace Saliency.Grains.Storage;

/// <summary>Where results go (configuration section <c>Saliency:Results</c>).</summary>
public sealed class ResultStoreOptions
{
    public const string Section = "Saliency:Results";

    /// <summary>Root folder of the local directory store; every silo of a cluster must see the same folder.</summary>
    public string Directory { get; set; } = "results";
}
