using Saliency.Core;
using Saliency.Core.IO;

namespace Saliency.Storage;

/// <summary>
/// Object keys: <c>/</c>-separated segments of letters, digits and <c>- _ . =</c>; no empty, <c>.</c> or <c>..</c>
/// segment, no segment starting with <c>.tmp-</c> (reserved for temporary files). The same key maps to the same
/// relative path in a directory and the same blob name (under the store's prefix) in a container.
/// </summary>
public static class ObjectKey
{
    /// <summary>Returns the key when valid; throws <see cref="InputException"/> naming it otherwise.</summary>
    public static string Check(string key)
    {
        if (!IsValid(key))
        {
            throw new InputException($"'{key}' is not a valid storage key (segments of [A-Za-z0-9-_.=] separated by '/')", field: "key");
        }

        return key;
    }

    /// <summary>A prefix is empty or a valid key, optionally ending in '/'.</summary>
    public static string CheckPrefix(string prefix) =>
        prefix.Length == 0 ? prefix : Check(prefix.TrimEnd('/')) + (prefix.EndsWith('/') ? "/" : "");

    public static bool IsValid(string key) =>
        key.Length is > 0 and <= 1024
        && key.Split('/').All(segment =>
            segment.Length > 0 && segment != "." && segment != ".."
            && !segment.StartsWith(AtomicFile.TemporaryPrefix, StringComparison.Ordinal)
            && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '='));

    /// <summary>Joins segments with '/'.</summary>
    public static string Join(params string[] segments) => Check(string.Join('/', segments.Select(s => s.Trim('/'))));
}
