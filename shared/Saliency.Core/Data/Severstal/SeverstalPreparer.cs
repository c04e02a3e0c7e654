using Saliency.Core.IO;

namespace Saliency.Core.Data.Severstal;

/// <summary>
/// Turns a Severstal folder into a patch set: reads <c>train.csv</c>, decodes every image, builds its mask, cuts six
/// 256x256 patches (<see cref="ImagePatcher"/>), drops mostly-black ones and writes the rest, with Table 1.
/// Bad rows and images are skipped and reported (<see cref="InputIssueLog"/>; strict mode stops at the first).
/// Patches of one image share a group id (the image's position in the sorted image list).
/// </summary>
public static class SeverstalPreparer
{
    public static PreparationResult Prepare(
        string folder,
        string outputFile,
        PatchingOptions options,
        InputIssueLog issues,
        Action<string>? progress = null,
        int progressEvery = 500,
        string datasetName = SeverstalFormat.DatasetName)
    {
        options.Validate();
        var located = SeverstalFolder.Locate(folder);
        var annotations = SeverstalAnnotations.Read(located.CsvPath, issues);
        var imageIds = located.ImageIds();
        var present = imageIds.ToHashSet(StringComparer.Ordinal);
        foreach (var (imageId, rows) in annotations.ByImage.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!present.Contains(imageId))
            {
                issues.Skip(InputIssueLog.ImageKind, new InputException(
                    $"image {imageId} not found in {located.ImageFolder}", located.CsvPath, rows[0].Line, "ImageId"));
            }
        }

        foreach (var (imageId, line) in annotations.BadImages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (present.Contains(imageId))
            {
                issues.Skip(InputIssueLog.ImageKind, new InputException(
                    $"image {imageId} skipped: its row at line {line} is bad (its mask would be incomplete)", located.CsvPath, line, "ImageId"));
            }
        }

        var description = new PatchSetDescription(datasetName, SeverstalFormat.ClassNames, options.PatchSize, options.PatchSize, options.ToDictionary());
        var table = new PatchCountTable(SeverstalFormat.ClassNames);
        using var writer = new PatchSetWriter(outputFile, description);
        int used = 0;
        for (int i = 0; i < imageIds.Count; i++)
        {
            var imageId = imageIds[i];
            if (progress is not null && i > 0 && i % progressEvery == 0)
            {
                progress($"prepare: {i}/{imageIds.Count} images, {writer.Count} patches");
            }

            if (annotations.BadImages.ContainsKey(imageId))
            {
                continue;
            }

            var image = TryRead(located.ImagePath(imageId), issues);
            if (image is null)
            {
                continue;
            }

            var bits = SeverstalMask.ClassBits(annotations.For(imageId));
            foreach (var patch in ImagePatcher.Cut(image, bits, options))
            {
                if (patch.Dropped)
                {
                    table.AddDropped();
                    continue;
                }

                table.Add(patch.Label);
                writer.Add(patch.Pixels, patch.Mask, patch.Label, new PatchProvenance(imageId, patch.Index, i));
            }

            used++;
        }

        progress?.Invoke($"prepare: {imageIds.Count}/{imageIds.Count} images, {writer.Count} patches");
        var header = writer.Complete();
        return new PreparationResult(header, table, used, issues.Issues);
    }

    private static GrayImage? TryRead(string path, InputIssueLog issues)
    {
        try
        {
            var image = ImageIO.ReadGray(path);
            if (image.Width != SeverstalFormat.Width || image.Height != SeverstalFormat.Height)
            {
                throw new InputException(
                    $"image is {image.Width}x{image.Height}, expected {SeverstalFormat.Width}x{SeverstalFormat.Height}", path, field: "size");
            }

            return image;
        }
        catch (InputException e)
        {
            issues.Skip(InputIssueLog.ImageKind, e);
            return null;
        }
        catch (IOException e)
        {
            issues.Skip(InputIssueLog.ImageKind, new InputException($"cannot read image ({e.Message})", path, inner: e));
            return null;
        }
    }
}
