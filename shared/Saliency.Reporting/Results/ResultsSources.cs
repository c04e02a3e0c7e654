using Saliency.Core;

namespace Saliency.Reporting.Results;

/// <summary>Resolves a SOURCE argument with a chain of <see cref="IResultsSourceResolver"/>s.</summary>
public static class ResultsSources
{
    /// <summary>The folder from the first resolver that recognises <paramref name="source"/>.</summary>
    /// <exception cref="InputException">No resolver recognises it; the message lists what is accepted.</exception>
    public static string Resolve(string source, IEnumerable<IResultsSourceResolver> resolvers)
    {
        var tried = new List<string>();
        foreach (var resolver in resolvers)
        {
            var folder = resolver.TryResolve(source);
            if (folder is not null)
            {
                return folder;
            }

            tried.Add(resolver.Accepts);
        }

        throw new InputException($"'{source}' is not {string.Join(" or ", tried)}", field: "SOURCE");
    }
}
