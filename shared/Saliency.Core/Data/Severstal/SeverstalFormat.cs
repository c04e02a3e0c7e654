namespace Saliency.Core.Data.Severstal;

/// <summary>Fixed facts of the Severstal steel-defect data (Kaggle competition layout).</summary>
public static class SeverstalFormat
{
    /// <summary>Image width in pixels (columns).</summary>
    public const int Width = 1600;

    /// <summary>Image height in pixels (rows).</summary>
    public const int Height = 256;

    /// <summary>Defect classes are 1..ClassCount.</summary>
    public const int ClassCount = 4;

    /// <summary>Annotation file name inside a data folder.</summary>
    public const string CsvName = "train.csv";

    /// <summary>Kaggle's image sub-folder; when absent, images are looked for beside <see cref="CsvName"/>.</summary>
    public const string ImageFolderName = "train_images";

    /// <summary>Header of the current Kaggle format (one row per image and defect class present).</summary>
    public const string CsvHeader = "ImageId,ClassId,EncodedPixels";

    /// <summary>Data set name stored in patch sets.</summary>
    public const string DatasetName = "severstal";

    /// <summary>Class names stored in patch sets (the competition's classes are unnamed).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["1", "2", "3", "4"];

    /// <summary>File extensions taken as images when listing a folder (content decides the decoder).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".bmp"];
}
