using System.Globalization;

namespace Saliency.Core.Data.Severstal;

/// <summary>
/// The parsed <c>train.csv</c>: valid rows grouped by image, plus the images that had a bad row (their masks would
/// be incomplete, so preparation skips them).
/// </summary>
public sealed class SeverstalAnnotations
{
    private SeverstalAnnotations(string path, Dictionary<string, List<SeverstalAnnotation>> byImage, Dictionary<string, int> badImages)
    {
        CsvPath = path;
        ByImage = byImage.ToDictionary(p => p.Key, p => (IReadOnlyList<SeverstalAnnotation>)p.Value, StringComparer.Ordinal);
        BadImages = badImages;
    }

    public string CsvPath { get; }

    /// <summary>Valid rows per image id, in file order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SeverstalAnnotation>> ByImage { get; }

    /// <summary>Image ids with at least one skipped row, with the line of the first such row.</summary>
    public IReadOnlyDictionary<string, int> BadImages { get; }

    /// <summary>Rows of an image (empty when it is defect-free).</summary>
    public IReadOnlyList<SeverstalAnnotation> For(string imageId) =>
        ByImage.TryGetValue(imageId, out var rows) ? rows : [];

    /// <summary>
    /// Reads and validates a Severstal csv. The header must be <c>ImageId,ClassId,EncodedPixels</c>. Each row needs
    /// three fields, a class id 1..4, an even number of positive run values, runs inside 1600x256 and no repeat
    /// of an (image, class) pair. Bad rows are reported to <paramref name="issues"/> (thrown when strict).
    /// </summary>
    /// <exception cref="InputException">Missing or unreadable file, or a bad header (always fatal).</exception>
    public static SeverstalAnnotations Read(string path, InputIssueLog issues)
    {
        if (!File.Exists(path))
        {
            throw new InputException("annotation file not found", path);
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read annotation file ({e.Message})", path, inner: e);
        }

        if (lines.Length == 0 || lines[0].Trim().TrimStart('\uFEFF') != SeverstalFormat.CsvHeader)
        {
            var found = lines.Length == 0 ? "an empty file" : $"'{lines[0]}'";
            throw new InputException($"bad header: expected '{SeverstalFormat.CsvHeader}', found {found}", path, 1, "header");
        }

        var byImage = new Dictionary<string, List<SeverstalAnnotation>>(StringComparer.Ordinal);
        var bad = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            int line = i + 1;
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(',');
            string? imageId = fields[0].Trim().Length > 0 ? fields[0].Trim() : null;
            try
            {
                var row = ParseRow(fields, path, line);
                if (!byImage.TryGetValue(row.ImageId, out var rows))
                {
                    byImage[row.ImageId] = rows = [];
                }

                if (rows.FirstOrDefault(r => r.ClassId == row.ClassId) is { } first)
                {
                    var what = first.EncodedPixels == row.EncodedPixels ? "a duplicate of" : "a second row, with other pixels, after";
                    throw new InputException(
                        $"second row for image {row.ImageId} class {row.ClassId}: {what} line {first.Line}",
                        path, line, "ClassId");
                }

                rows.Add(row);
            }
            catch (InputException e)
            {
                issues.Skip(InputIssueLog.RowKind, e);
                if (imageId is not null)
                {
                    bad.TryAdd(imageId, line);
                }
            }
        }

        return new SeverstalAnnotations(path, byImage, bad);
    }

    private static SeverstalAnnotation ParseRow(string[] fields, string path, int line)
    {
        if (fields.Length != 3)
        {
            throw new InputException($"expected 3 comma-separated fields, found {fields.Length}", path, line);
        }

        var imageId = fields[0].Trim();
        if (imageId.Length == 0)
        {
            throw new InputException("empty image id", path, line, "ImageId");
        }

        var classText = fields[1].Trim();
        if (!int.TryParse(classText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int classId)
            || classId < 1 || classId > SeverstalFormat.ClassCount)
        {
            throw new InputException($"unknown class id '{classText}' (expected 1..{SeverstalFormat.ClassCount})", path, line, "ClassId");
        }

        var encoded = fields[2].Trim();
        var runs = RunLengthCodec.Parse(encoded, SeverstalFormat.Width * SeverstalFormat.Height, path, line);
        return new SeverstalAnnotation(imageId, classId, encoded, runs, line);
    }
}
