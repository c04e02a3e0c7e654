using Saliency.Core.Data;
using Saliency.Core.Data.Severstal;
using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Data;

/// <summary>Each kind of bad Severstal input: skipped and reported with file and line, or fatal under strict mode.</summary>
public class SeverstalBadInputTests
{
    private const string Header = "ImageId,ClassId,EncodedPixels";

    /// <summary>A folder with good.png (1600x256, a class-1 run of 10 pixels at column 32, rows 0-9, so in patch 0)
    /// plus whatever the test adds.</summary>
    private static TempDir Folder(params string[] extraRows)
    {
        var dir = new TempDir();
        ImageIO.WritePng(dir.File("good.png"), new GrayImage(1600, 256, Enumerable.Repeat((byte)120, 1600 * 256).ToArray()));
        File.WriteAllLines(dir.File("train.csv"), [Header, "good.png,1,8193 10", .. extraRows]);
        return dir;
    }

    private static PreparationResult Prepare(TempDir dir, bool strict = false) =>
        SeverstalPreparer.Prepare(dir.Path, dir.File("out.pset"), PatchingOptions.Default, new InputIssueLog(strict));

    private static void AssertSkippedThenStrictFails(TempDir dir, int rows, int images, string fileName, int? line, string reason)
    {
        var result = Prepare(dir);
        Assert.Equal(rows, result.SkippedRows);
        Assert.Equal(images, result.SkippedImages);
        var issue = result.Issues[0].Message;
        Assert.Contains(fileName, issue);
        Assert.Contains(reason, issue);
        if (line is not null)
        {
            Assert.Contains($":{line}:", issue);
        }

        // The good image is still prepared: 6 patches, patch 0 of class 1.
        var patches = PatchSet.Load(dir.File("out.pset"));
        Assert.Equal(6, patches.Count);
        Assert.Equal(1, patches.Label(0));
        Assert.Equal("good.png", patches.Provenance(0).SourceId);

        var e = Assert.Throws<InputException>(() => Prepare(dir, strict: true));
        Assert.Contains(fileName, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Row_for_a_missing_image()
    {
        using var dir = Folder("nothere.jpg,3,1 5");
        AssertSkippedThenStrictFails(dir, rows: 0, images: 1, "train.csv", 3, "nothere.jpg not found");
    }

    [Fact]
    public void Odd_number_of_rle_values()
    {
        using var dir = Folder("bad.png,2,1 5 9");
        ImageIO.WritePng(dir.File("bad.png"), new GrayImage(1600, 256, new byte[1600 * 256]));
        AssertSkippedThenStrictFails(dir, rows: 1, images: 1, "train.csv", 3, "odd number");
    }

    [Fact]
    public void Run_outside_the_image()
    {
        using var dir = Folder("good2.png,2,409600 2");
        ImageIO.WritePng(dir.File("good2.png"), new GrayImage(1600, 256, new byte[1600 * 256]));
        AssertSkippedThenStrictFails(dir, rows: 1, images: 1, "train.csv", 3, "outside the image");
    }

    [Fact]
    public void Unknown_class_id()
    {
        using var dir = Folder("other.png,5,1 5");
        AssertSkippedThenStrictFails(dir, rows: 1, images: 0, "train.csv", 3, "unknown class id '5'");
    }

    [Fact]
    public void Image_of_the_wrong_size()
    {
        using var dir = Folder();
        ImageIO.WritePng(dir.File("small.png"), new GrayImage(100, 50, new byte[5000]));
        AssertSkippedThenStrictFails(dir, rows: 0, images: 1, "small.png", null, "100x50, expected 1600x256");
    }

    [Fact]
    public void Unreadable_image_file()
    {
        using var dir = Folder();
        File.WriteAllText(dir.File("broken.jpg"), "this is not an image");
        AssertSkippedThenStrictFails(dir, rows: 0, images: 1, "broken.jpg", null, "not a readable image");
    }

    [Fact]
    public void Wrong_number_of_fields()
    {
        using var dir = Folder("other.png,2");
        AssertSkippedThenStrictFails(dir, rows: 1, images: 0, "train.csv", 3, "expected 3 comma-separated fields");
    }

    [Fact]
    public void Duplicate_image_and_class()
    {
        using var dir = Folder("other.png,1,1 5", "other.png,1,7 5");
        ImageIO.WritePng(dir.File("other.png"), new GrayImage(1600, 256, new byte[1600 * 256]));
        AssertSkippedThenStrictFails(dir, rows: 1, images: 1, "train.csv", 4, "second row for image other.png class 1");
    }

    [Fact]
    public void Bad_header_is_always_fatal()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("train.csv"), ["ImageId_ClassId,EncodedPixels", "a.jpg_1,1 5"]);
        var e = Assert.Throws<InputException>(() => Prepare(dir));
        Assert.Contains("train.csv:1:", e.Message);
        Assert.Contains("bad header", e.Message);
    }

    [Fact]
    public void Missing_folder_or_csv()
    {
        using var dir = new TempDir();
        Assert.Contains("no train.csv", Assert.Throws<InputException>(() => Prepare(dir)).Message);
        var missing = Path.Combine(dir.Path, "nope");
        Assert.Contains("not found", Assert.Throws<InputException>(() =>
            SeverstalPreparer.Prepare(missing, dir.File("o"), PatchingOptions.Default, new InputIssueLog())).Message);
    }

    [Fact]
    public void Out_of_range_options_are_rejected()
    {
        using var dir = Folder();
        var e = Assert.Throws<InputException>(() => SeverstalPreparer.Prepare(
            dir.Path, dir.File("o"), PatchingOptions.Default with { MaxBackgroundFraction = 1.5 }, new InputIssueLog()));
        Assert.Contains("max-background", e.Message);
    }
}
