namespace Saliency.Core.IO;

/// <summary>
/// A file named by its key in the cluster's object storage instead of a local path: <c>store:KEY</c>, e.g.
/// <c>store:datasets/quick/files/patches.salpatch</c>. Silos resolve it against their configured storage (section
/// <c>Storage</c>) and read a local copy downloaded once into their cache folder. Anything else is a local path.
/// </summary>
public static class StoreReference
{
    public const string Scheme = "store:";

    public static bool IsReference(string pathOrReference) =>
        pathOrReference.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>The object key of a reference (what follows <c>store:</c>, leading '/' removed).</summary>
    public static string Key(string reference) =>
        IsReference(reference)
            ? reference[Scheme.Length..].TrimStart('/')
            : throw new ArgumentException($"'{reference}' is not a {Scheme} reference", nameof(reference));

    public static string Of(string key) => Scheme + key;
}
