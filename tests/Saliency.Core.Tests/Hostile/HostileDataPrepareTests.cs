using Saliency.Core.Data;
using Saliency.Core.Data.Neu;
using Saliency.Core.Data.Severstal;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Hostile;

/// <summary>
/// Corpus at the level of <c>data prepare</c>: the real Severstal sample and NEU-Seg files with one image cut short,
/// emptied or turned into a decompression bomb, and the real train.csv with duplicated rows. Decided behaviour
/// (docs/data.md): a bad image or row is skipped and named (never patched as a partly black image); with strict mode
/// the first one stops preparation, and the output path keeps what it held before (no half-written patch set, no
/// temporary files left).
/// </summary>
public class HostileDataPrepareTests
{
    private const string CutImage = "0030401a5.jpg"; // class 4, 6 patches in the clean sample

    /// <summary>The real sample in a temp folder: every image linked, train.csv copied (or replaced by <paramref name="csv"/>).</summary>
    private static string SeverstalCopy(TempDir dir, IEnumerable<string>? csv = null)
    {
        var folder = Path.Combine(dir.Path, "severstal");
        Directory.CreateDirectory(folder);
        foreach (var image in Directory.GetFiles(DataPaths.SeverstalSample, "*.jpg"))
        {
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(image)), image);
        }

        File.WriteAllLines(Path.Combine(folder, "train.csv"), csv ?? File.ReadAllLines(Path.Combine(DataPaths.SeverstalSample, "train.csv")));
        return folder;
    }

    private static void Replace(string folder, string image, byte[] bytes)
    {
        var path = Path.Combine(folder, image);
        File.Delete(path);
        File.WriteAllBytes(path, bytes);
    }

    private static PreparationResult Prepare(string folder, string output, bool strict = false) =>
        SeverstalPreparer.Prepare(folder, output, PatchingOptions.Default, new InputIssueLog(strict));

    [Fact]
    public void Cut_image_is_skipped_and_named_and_the_other_images_give_their_clean_patches()
    {
        using var dir = new TempDir();
        var clean = Prepare(SeverstalCopy(dir), dir.File("clean.pset"));
        Assert.Equal(106, clean.Header.Count); // docs/data.md: the real sample keeps 106 of 120 patches
        var cleanSet = PatchSet.Load(dir.File("clean.pset"));

        using var cutDir = new TempDir();
        var folder = SeverstalCopy(cutDir);
        var real = File.ReadAllBytes(Path.Combine(DataPaths.SeverstalSample, CutImage));
        Replace(folder, CutImage, real[..(real.Length * 2 / 3)]);
        var result = Prepare(folder, cutDir.File("cut.pset"));

        var issue = Assert.Single(result.Issues);
        Assert.Equal(InputIssueLog.ImageKind, issue.Kind);
        Assert.StartsWith($"{Path.Combine(folder, CutImage)}: data: truncated image: PNG chunk 'IDAT'", issue.Message);
        Assert.Equal(19, result.ImagesUsed);

        // Exactly the clean patches of the other 19 images: none of the cut image (not even "black" ones).
        var set = PatchSet.Load(cutDir.File("cut.pset"));
        var expected = Enumerable.Range(0, cleanSet.Count).Where(i => cleanSet.Provenance(i).SourceId != CutImage).ToList();
        Assert.Equal(expected.Count, set.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            Assert.Equal(cleanSet.Provenance(expected[k]).SourceId, set.Provenance(k).SourceId);
            Assert.Equal(cleanSet.Pixels(expected[k]), set.Pixels(k));
            Assert.Equal(cleanSet.Label(expected[k]), set.Label(k));
        }

        Assert.Equal(clean.Table.DroppedBackground, result.Table.DroppedBackground);
    }

    [Fact]
    public void Strict_prepare_stops_at_the_cut_image_and_leaves_the_previous_output_alone()
    {
        using var dir = new TempDir();
        var folder = SeverstalCopy(dir);
        var output = dir.File("sample.pset");
        Prepare(folder, output);
        var before = File.ReadAllBytes(output);

        var real = File.ReadAllBytes(Path.Combine(DataPaths.SeverstalSample, CutImage));
        Replace(folder, CutImage, real[..(real.Length - 12)]); // only IEND missing: libpng alone would call it whole
        var e = Assert.Throws<InputException>(() => Prepare(folder, output, strict: true));
        Assert.Equal(Path.Combine(folder, CutImage), e.File);
        Assert.Equal("data", e.Field);
        Assert.Contains("before its IEND chunk", e.Message);

        Assert.Equal(before, File.ReadAllBytes(output));
        Assert.Equal(["sample.pset"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Empty_and_bomb_images_are_skipped_and_named()
    {
        using var dir = new TempDir();
        var folder = SeverstalCopy(dir);
        Replace(folder, "0046839bd.jpg", []);
        Replace(folder, "005f19695.jpg", HostileFiles.PngWithDeclaredSize(File.ReadAllBytes(Path.Combine(DataPaths.SeverstalSample, "005f19695.jpg")), 100_000, 100_000));
        var result = Prepare(folder, dir.File("out.pset"));
        Assert.Equal(2, result.SkippedImages);
        Assert.Equal(18, result.ImagesUsed);
        Assert.Contains(result.Issues, i => i.Message.StartsWith($"{Path.Combine(folder, "0046839bd.jpg")}: data: empty file (0 bytes)", StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Message.StartsWith($"{Path.Combine(folder, "005f19695.jpg")}: size: the image declares 100000x100000 pixels", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_rows_in_the_real_train_csv_are_named_with_both_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(DataPaths.SeverstalSample, "train.csv")).ToList();
        Assert.StartsWith("002fc4e19.jpg,1,", lines[1]);
        Assert.StartsWith("0046839bd.jpg,3,", lines[4]);
        var otherPixels = "0046839bd.jpg,3,1 10";
        var csv = lines.Concat([lines[1], otherPixels]).ToList(); // lines 21 and 22
        using var dir = new TempDir();
        var folder = SeverstalCopy(dir, csv);
        var csvPath = Path.Combine(folder, "train.csv");

        var result = Prepare(folder, dir.File("out.pset"));
        Assert.Equal(2, result.SkippedRows);
        Assert.Equal(18, result.ImagesUsed); // both images would get an incomplete or doubtful mask
        Assert.Contains(result.Issues, i => i.Message == $"{csvPath}:21: ClassId: second row for image 002fc4e19.jpg class 1: a duplicate of line 2");
        Assert.Contains(result.Issues, i => i.Message == $"{csvPath}:22: ClassId: second row for image 0046839bd.jpg class 3: a second row, with other pixels, after line 5");

        var e = Assert.Throws<InputException>(() => Prepare(folder, dir.File("strict.pset"), strict: true));
        Assert.Equal((csvPath, 21, "ClassId"), (e.File, e.Line, e.Field));
        Assert.False(File.Exists(dir.File("strict.pset")));
    }

    [Fact]
    public void Cut_neu_jpeg_and_mask_are_skipped_and_named_and_strict_writes_nothing()
    {
        using var dir = new TempDir();
        var stems = Directory.GetFiles(Path.Combine(DataPaths.NeuSeg, "images", "test"), "*.jpg")
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).Take(6).ToList();
        var images = Path.Combine(dir.Path, "neu", "images", "test");
        var masks = Path.Combine(dir.Path, "neu", "masks", "test");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        foreach (var stem in stems)
        {
            File.CreateSymbolicLink(Path.Combine(images, stem + ".jpg"), Path.Combine(DataPaths.NeuSeg, "images", "test", stem + ".jpg"));
            File.CreateSymbolicLink(Path.Combine(masks, stem + ".png"), Path.Combine(DataPaths.NeuSeg, "masks", "test", stem + ".png"));
        }

        var jpeg = Path.Combine(images, stems[1] + ".jpg");
        var realJpeg = File.ReadAllBytes(jpeg);
        File.Delete(jpeg);
        File.WriteAllBytes(jpeg, realJpeg[..(realJpeg.Length / 2)]);
        var mask = Path.Combine(masks, stems[3] + ".png");
        var realMask = File.ReadAllBytes(mask);
        File.Delete(mask);
        File.WriteAllBytes(mask, realMask[..(realMask.Length - 20)]);

        var output = dir.File("neu.pset");
        var result = NeuSegPreparer.Prepare(Path.Combine(dir.Path, "neu"), output, new InputIssueLog());
        Assert.Equal(4, result.ImagesUsed);
        Assert.Collection(
            result.Issues,
            i => Assert.StartsWith($"{jpeg}: data: truncated image: JPEG scan data", i.Message),
            i => Assert.StartsWith($"{mask}: data: truncated image: PNG", i.Message));
        Assert.DoesNotContain(PatchSet.Load(output).Patches, p => p.Provenance.SourceId is var id && (id.EndsWith(stems[1], StringComparison.Ordinal) || id.EndsWith(stems[3], StringComparison.Ordinal)));

        File.Delete(output);
        var e = Assert.Throws<InputException>(() => NeuSegPreparer.Prepare(Path.Combine(dir.Path, "neu"), output, new InputIssueLog(strict: true)));
        Assert.Equal(jpeg, e.File);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
