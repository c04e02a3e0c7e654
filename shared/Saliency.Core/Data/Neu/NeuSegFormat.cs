namespace Saliency.Core.Data.Neu;

/// <summary>
/// Layout of the NEU-Seg data: <c>images/&lt;split&gt;/&lt;stem&gt;.jpg</c> (200x200 grey) paired by stem with
/// <c>masks/&lt;split&gt;/&lt;stem&gt;.png</c> (values 0 background, 1 inclusion, 2 patches, 3 scratches).
/// </summary>
public static class NeuSegFormat
{
    public const int Size = 200;
    public const string DatasetName = "neu-seg";
    public const string ImagesFolder = "images";
    public const string MasksFolder = "masks";
    public const string MaskExtension = ".png";

    /// <summary>Classes 1..3.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["inclusion", "patches", "scratches"];

    public static int ClassCount => ClassNames.Count;

    /// <summary>The splits of the distributed data, in the order they are loaded.</summary>
    public static IReadOnlyList<string> Splits { get; } = ["train", "val", "test"];

    /// <summary>Image file extensions accepted in <c>images/&lt;split&gt;</c> (content decides the decoder).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".bmp"];
}
