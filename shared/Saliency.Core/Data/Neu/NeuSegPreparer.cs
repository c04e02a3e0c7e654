using System.Globalization;
using Saliency.Core.IO;

namespace Saliency.Core.Data.Neu;

/// <summary>
/// Turns NEU-Seg into a patch set: one 200x200 patch per image, mask values as class ids, label from the classes
/// present (NEU has no defect-free images; several classes -> multiple). The background rule is not applied (the
/// images have no black margins), so <c>dropped_background</c> is 0. Near-duplicate rotated copies get one group id
/// (<see cref="NearDuplicateGrouper"/>), so a <see cref="HoldoutSplit"/> keeps them on one side. Patches are in
/// split order (train, val, test) and then by file name.
/// </summary>
public static class NeuSegPreparer
{
    /// <summary>Lists image/mask pairs of the chosen splits (when null: every one of train, val, test that exists).</summary>
    /// <exception cref="InputException">The folder or a requested split folder is missing, or a split name is unknown.</exception>
    public static IReadOnlyList<NeuSegSample> ListSamples(string folder, IReadOnlyList<string>? splits = null)
    {
        if (!Directory.Exists(Path.Combine(folder, NeuSegFormat.ImagesFolder)))
        {
            throw new InputException($"not a NEU-Seg folder (no '{NeuSegFormat.ImagesFolder}' folder)", folder);
        }

        splits ??= [.. NeuSegFormat.Splits.Where(s => Directory.Exists(Path.Combine(folder, NeuSegFormat.ImagesFolder, s)))];
        if (splits.Count == 0)
        {
            throw new InputException($"no split folder ({string.Join(", ", NeuSegFormat.Splits)}) under '{NeuSegFormat.ImagesFolder}'", folder);
        }

        var samples = new List<NeuSegSample>();
        foreach (var split in splits)
        {
            if (!NeuSegFormat.Splits.Contains(split))
            {
                throw new InputException($"unknown split '{split}' (expected {string.Join(", ", NeuSegFormat.Splits)})", field: "splits");
            }

            var imageDir = Path.Combine(folder, NeuSegFormat.ImagesFolder, split);
            if (!Directory.Exists(imageDir))
            {
                throw new InputException($"split folder '{split}' not found", imageDir);
            }

            var maskDir = Path.Combine(folder, NeuSegFormat.MasksFolder, split);
            samples.AddRange(Directory.EnumerateFiles(imageDir)
                .Where(f => NeuSegFormat.ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .Select(f => new NeuSegSample(split, Path.GetFileNameWithoutExtension(f), f,
                    Path.Combine(maskDir, Path.GetFileNameWithoutExtension(f) + NeuSegFormat.MaskExtension))));
        }

        return samples;
    }

    /// <summary>Writes the patch set of the chosen splits (all present when null) to <paramref name="outputFile"/>.</summary>
    public static PreparationResult Prepare(
        string folder,
        string outputFile,
        InputIssueLog issues,
        IReadOnlyList<string>? splits = null,
        Action<string>? progress = null,
        int progressEvery = 500,
        double groupThreshold = NearDuplicateGrouper.DefaultThreshold)
    {
        var samples = ListSamples(folder, splits);
        var splitNames = samples.Select(s => s.Split).Distinct().ToList();

        // Pass 1: read images and masks, check them, keep only the thumbnails (memory stays small).
        var usable = new List<NeuSegSample>();
        var thumbnails = new List<float[]>();
        for (int i = 0; i < samples.Count; i++)
        {
            Report(progress, progressEvery, i, samples.Count, "reading");
            var pair = TryRead(samples[i], issues);
            if (pair is not null)
            {
                usable.Add(samples[i]);
                thumbnails.Add(NearDuplicateGrouper.Thumbnail(pair.Value.Image));
            }
        }

        progress?.Invoke($"prepare: grouping {usable.Count} images by rotated near-duplicates");
        var groups = NearDuplicateGrouper.Group(thumbnails, groupThreshold);

        // Pass 2: read again and write.
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["splits"] = string.Join(",", splits ?? splitNames),
            ["groupThumbnailSize"] = NearDuplicateGrouper.ThumbnailSize.ToString(CultureInfo.InvariantCulture),
            ["groupThreshold"] = groupThreshold.ToString("R", CultureInfo.InvariantCulture),
        };
        var description = new PatchSetDescription(NeuSegFormat.DatasetName, NeuSegFormat.ClassNames, NeuSegFormat.Size, NeuSegFormat.Size, options);
        var table = new PatchCountTable(NeuSegFormat.ClassNames);
        using var writer = new PatchSetWriter(outputFile, description);
        for (int i = 0; i < usable.Count; i++)
        {
            Report(progress, progressEvery, i, usable.Count, "writing");
            var (image, mask) = Read(usable[i]);
            var label = PatchLabels.FromMask(mask);
            table.Add(label);
            writer.Add(image.Pixels, mask, label, new PatchProvenance(usable[i].SourceId, 0, groups[i]));
        }

        var header = writer.Complete();
        return new PreparationResult(header, table, usable.Count, issues.Issues);
    }

    /// <summary>Reads and checks one pair: both 200x200, mask values 0..3.</summary>
    /// <exception cref="InputException">Missing or unreadable file, wrong size or a bad mask value.</exception>
    public static (GrayImage Image, byte[] Mask) Read(NeuSegSample sample)
    {
        var image = ReadSized(sample.ImagePath);
        if (!File.Exists(sample.MaskPath))
        {
            throw new InputException($"mask file not found for image {sample.SourceId}", sample.MaskPath);
        }

        var mask = ReadSized(sample.MaskPath).Pixels;
        for (int p = 0; p < mask.Length; p++)
        {
            if (mask[p] > NeuSegFormat.ClassCount)
            {
                throw new InputException(
                    $"mask value {mask[p]} at (x={p % NeuSegFormat.Size}, y={p / NeuSegFormat.Size}) is not a class 0..{NeuSegFormat.ClassCount}",
                    sample.MaskPath, field: "mask");
            }
        }

        return (image, mask);
    }

    private static (GrayImage Image, byte[] Mask)? TryRead(NeuSegSample sample, InputIssueLog issues)
    {
        try
        {
            return Read(sample);
        }
        catch (InputException e)
        {
            issues.Skip(InputIssueLog.ImageKind, e);
            return null;
        }
        catch (IOException e)
        {
            issues.Skip(InputIssueLog.ImageKind, new InputException($"cannot read ({e.Message})", sample.ImagePath, inner: e));
            return null;
        }
    }

    private static GrayImage ReadSized(string path)
    {
        var image = ImageIO.ReadGray(path);
        if (image.Width != NeuSegFormat.Size || image.Height != NeuSegFormat.Size)
        {
            throw new InputException($"image is {image.Width}x{image.Height}, expected {NeuSegFormat.Size}x{NeuSegFormat.Size}", path, field: "size");
        }

        return image;
    }

    private static void Report(Action<string>? progress, int every, int i, int total, string what)
    {
        if (progress is not null && i > 0 && i % every == 0)
        {
            progress($"prepare: {what} {i}/{total} images");
        }
    }
}
