namespace Saliency.Grains.Storage;

/// <summary>Where results go (configuration section <c>Saliency:Results</c>).</summary>
public sealed class ResultStoreOptions
{
    public const string Section = "Saliency:Results";

    /// <summary>Root folder of the local directory store; every silo of a cluster must see the same folder.</summary>
    public string Directory { get; set; } = "results";

    /// <summary>
    /// Object storage for results instead of <see cref="Directory"/> (empty: use the directory).
    /// <c>store:PREFIX</c> (or <c>store</c>): the silo's configured storage (section <c>Storage</c>, connection string
    /// from <c>Storage__ConnectionString</c>) under key prefix PREFIX; otherwise a location as <c>--storage</c> takes
    /// it: <c>azure://CONTAINER[/PREFIX]</c> (connection string from the environment) or a folder.
    /// </summary>
    public string Storage { get; set; } = "";
}
