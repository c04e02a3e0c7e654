namespace Saliency.Core.Data.Severstal;

/// <summary>
/// A Severstal data folder: <c>train.csv</c> plus images either in <c>train_images/</c> (Kaggle layout) or beside
/// the csv (the sample's layout). Images in the folder without csv rows are defect-free.
/// </summary>
public sealed record SeverstalFolder(string CsvPath, string ImageFolder)
{
    /// <exception cref="InputException">The folder or its <c>train.csv</c> does not exist.</exception>
    public static SeverstalFolder Locate(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputException("Severstal folder not found", folder);
        }

        var csv = Path.Combine(folder, SeverstalFormat.CsvName);
        if (!File.Exists(csv))
        {
            throw new InputException($"no {SeverstalFormat.CsvName} in the Severstal folder", folder);
        }

        var images = Path.Combine(folder, SeverstalFormat.ImageFolderName);
        return new SeverstalFolder(csv, Directory.Exists(images) ? images : folder);
    }

    /// <summary>Image file names (ids) in the image folder, sorted ordinally.</summary>
    public IReadOnlyList<string> ImageIds() =>
        [.. Directory.EnumerateFiles(ImageFolder)
            .Where(f => SeverstalFormat.ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)];

    public string ImagePath(string imageId) => Path.Combine(ImageFolder, imageId);
}
