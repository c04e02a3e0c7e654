using System.Globalization;
using Saliency.Core.IO;

namespace Saliency.Core.Data.Samples;

/// <summary>
/// The one reader of a samples file, in either of its two forms: the JSON <c>saliency select</c> writes
/// (<see cref="SampleSelection"/>: format version checked, and the SHA-256 of the patch set it was made for checked
/// against the patch set it is used with) or plain text with one patch index per line (<c>#</c> starts a comment).
/// </summary>
public static class SamplesFile
{
    /// <summary>The patch indices of <paramref name="path"/>, in file order.</summary>
    /// <param name="patchSetPath">The patch set the indices will be used with; a JSON samples file made for another
    /// patch set (other SHA-256) is refused. Null skips that check.</param>
    /// <exception cref="InputException">Missing or malformed file, newer format, other patch set, bad line (file, line, field named).</exception>
    public static IReadOnlyList<int> ReadIndices(string path, string? patchSetPath)
    {
        if (!File.Exists(path))
        {
            throw new InputException("samples file not found", path);
        }

        if (IsJson(path))
        {
            var selection = SampleSelection.Load(path);
            if (patchSetPath is not null)
            {
                CheckPatchSet(selection, path, patchSetPath);
            }

            return [.. selection.Samples.Select(s => s.Index)];
        }

        var result = new List<int>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            result.Add(int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new InputException($"'{line}' is not a patch index", path, i + 1, "index"));
        }

        return result;
    }

    /// <summary>Refuses a selection made for another patch set than <paramref name="patchSetPath"/> (by SHA-256).</summary>
    public static void CheckPatchSet(SampleSelection selection, string samplesPath, string patchSetPath)
    {
        var digest = FileDigest.Sha256(patchSetPath);
        if (!string.Equals(digest, selection.PatchSetSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException(
                $"made for patch set {selection.PatchSet} (sha256 {Short(selection.PatchSetSha256)}), but the data is {patchSetPath} (sha256 {Short(digest)})",
                samplesPath, field: "patchSetSha256");
        }
    }

    private static string Short(string digest) => digest.Length > 12 ? digest[..12] + "..." : digest;

    private static bool IsJson(string path)
    {
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
        {
        }

        return c == '{';
    }
}
