namespace Saliency.Reporting.Results;

/// <summary>
/// Turns the SOURCE argument of <c>saliency report</c> into a results folder on disk. The CLI tries its resolvers in
/// order; the first that recognises the source wins. A sweep id resolver (cluster) plugs in here next to
/// <see cref="FolderSourceResolver"/>.
/// </summary>
public interface IResultsSourceResolver
{
    /// <summary>What this resolver accepts, for the error message when none does (e.g. "a results folder").</summary>
    string Accepts { get; }

    /// <summary>The results folder for <paramref name="source"/>, or null when this resolver does not recognise it.
    /// May write the folder first (e.g. a sweep's results fetched into a cache folder).</summary>
    string? TryResolve(string source);
}
