using Saliency.Core.Data;
using Saliency.Core.Data.Neu;
using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Data;

/// <summary>NEU-Seg loading on the real <c>test</c> split, checked against masks and thumbnails computed in the test.</summary>
public sealed class NeuSegTests : IClassFixture<NeuSegTests.PreparedTestSplit>
{
    private readonly PreparedTestSplit prepared;

    public NeuSegTests(PreparedTestSplit prepared) => this.prepared = prepared;

    public sealed class PreparedTestSplit : IDisposable
    {
        private readonly TempDir dir = new();

        public PreparedTestSplit()
        {
            Result = NeuSegPreparer.Prepare(DataPaths.NeuSeg, dir.File("neu.pset"), new InputIssueLog(), ["test"]);
            Patches = PatchSet.Load(dir.File("neu.pset"));
        }

        public PreparationResult Result { get; }

        public PatchSet Patches { get; }

        public void Dispose() => dir.Dispose();
    }

    private static string[] TestStems() =>
        [.. Directory.GetFiles(Path.Combine(DataPaths.NeuSeg, "images", "test"), "*.jpg")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    [Fact]
    public void Test_split_loads_one_patch_per_image_with_labels_from_its_mask()
    {
        var stems = TestStems();
        var set = prepared.Patches;
        Assert.Equal(447, stems.Length); // README
        Assert.Equal(stems.Length, set.Count);
        Assert.Equal((200, 200), (set.Header.PatchWidth, set.Header.PatchHeight));
        int multiple = 0;
        for (int i = 0; i < stems.Length; i++)
        {
            Assert.Equal($"test/{stems[i]}", set.Provenance(i).SourceId);
            var mask = ImageIO.ReadGray(Path.Combine(DataPaths.NeuSeg, "masks", "test", stems[i] + ".png")).Pixels;
            Assert.Equal(mask, set.Mask(i));
            var classes = mask.Where(v => v > 0).Distinct().ToList();
            byte expected = classes.Count == 1 ? classes[0] : (byte)255;
            multiple += classes.Count > 1 ? 1 : 0;
            Assert.Equal(expected, set.Label(i));
        }

        Assert.Equal(87, multiple); // README: 87 multi-class masks in test
        Assert.Equal(87, prepared.Result.Table.Multiple);
        Assert.Equal(0, prepared.Result.Table.NoDefect);
        Assert.Equal(0, prepared.Result.Table.DroppedBackground);
    }

    [Fact]
    public void Grouping_equals_brute_force_all_pairs_union()
    {
        var stems = TestStems();
        // All four rotations of every thumbnail, flattened, computed once.
        var rotations = stems.Select(s =>
        {
            var t = NeuTestHelpers.Thumbnail(ImageIO.ReadGray(Path.Combine(DataPaths.NeuSeg, "images", "test", s + ".jpg")));
            var all = new double[4][];
            for (int r = 0; r < 4; r++)
            {
                all[r] = t.Cast<double>().ToArray();
                t = NeuTestHelpers.Rotate(t);
            }

            return all;
        }).ToArray();
        int n = rotations.Length;
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                for (int r = 0; r < 4; r++)
                {
                    double sum = 0;
                    for (int k = 0; k < 625; k++)
                    {
                        double d = rotations[i][0][k] - rotations[j][r][k];
                        sum += d * d;
                    }

                    if (sum / 625 < 2)
                    {
                        parent[Find(i)] = Find(j);
                        break;
                    }
                }
            }
        }

        var groups = prepared.Patches.Groups();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                Assert.True((Find(i) == Find(j)) == (groups[i] == groups[j]), $"{stems[i]} vs {stems[j]}");
            }
        }

        // The test split holds rotated copies of each other: grouping must merge some of them.
        Assert.True(groups.Distinct().Count() < n * 0.9);
    }

    [Fact]
    public void Holdout_split_keeps_groups_together()
    {
        var split = HoldoutSplit.Create(prepared.Patches, 0.25, seed: 11);
        var groups = prepared.Patches.Groups();
        var trainGroups = split.Train.Select(i => groups[i]).ToHashSet();
        Assert.DoesNotContain(split.Validation, i => trainGroups.Contains(groups[i]));
        Assert.DoesNotContain(split.Train.Concat(split.Validation), i => prepared.Patches.Label(i) == PatchLabels.Multiple);
        Assert.Equal(447 - 87, split.Train.Length + split.Validation.Length);
        Assert.InRange(split.Validation.Length, 0.2 * 360, 0.32 * 360);
    }

    [Fact]
    public void An_image_rotated_in_the_test_joins_its_original_group()
    {
        using var dir = new TempDir();
        var images = Path.Combine(dir.Path, "images", "val");
        var masks = Path.Combine(dir.Path, "masks", "val");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        var stems = TestStems().Take(3).ToArray();
        foreach (var stem in stems)
        {
            File.Copy(Path.Combine(DataPaths.NeuSeg, "images", "test", stem + ".jpg"), Path.Combine(images, stem + ".jpg"));
            File.Copy(Path.Combine(DataPaths.NeuSeg, "masks", "test", stem + ".png"), Path.Combine(masks, stem + ".png"));
        }

        var original = ImageIO.ReadGray(Path.Combine(images, stems[0] + ".jpg"));
        var rotated = NeuTestHelpers.RotateImage(original);
        ImageIO.WritePng(Path.Combine(images, "zz_rotated.png"), rotated);
        ImageIO.WritePng(Path.Combine(masks, "zz_rotated.png"), NeuTestHelpers.RotateImage(ImageIO.ReadGray(Path.Combine(masks, stems[0] + ".png"))));

        var result = NeuSegPreparer.Prepare(dir.Path, dir.File("r.pset"), new InputIssueLog(strict: true), ["val"]);
        var set = PatchSet.Load(dir.File("r.pset"));
        Assert.Equal(4, result.Header.Count);
        Assert.Equal("val/zz_rotated", set.Provenance(3).SourceId);
        Assert.Equal(set.Provenance(0).Group, set.Provenance(3).Group);
        Assert.Equal(set.Label(0), set.Label(3));

        var thumbs = Enumerable.Range(0, 3).Select(i => NeuTestHelpers.Thumbnail(ImageIO.ReadGray(Path.Combine(images, stems[i] + ".jpg")))).ToArray();
        for (int i = 0; i < 3; i++)
        {
            for (int j = i + 1; j < 3; j++)
            {
                bool near = NeuTestHelpers.Distance(thumbs[i], thumbs[j]) < 2;
                Assert.Equal(near, set.Provenance(i).Group == set.Provenance(j).Group);
            }
        }
    }

    [Fact]
    public void Bad_neu_inputs_are_skipped_and_named()
    {
        using var dir = new TempDir();
        var images = Path.Combine(dir.Path, "images", "train");
        var masks = Path.Combine(dir.Path, "masks", "train");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        var plain = new GrayImage(200, 200, Enumerable.Repeat((byte)90, 40000).ToArray());
        var goodMask = new byte[40000];
        goodMask[500] = 2;
        ImageIO.WritePng(Path.Combine(images, "a_good.png"), plain);
        ImageIO.WritePng(Path.Combine(masks, "a_good.png"), new GrayImage(200, 200, goodMask));
        ImageIO.WritePng(Path.Combine(images, "b_nomask.png"), plain);
        ImageIO.WritePng(Path.Combine(images, "c_badvalue.png"), plain);
        var badMask = new byte[40000];
        badMask[(3 * 200) + 7] = 9;
        ImageIO.WritePng(Path.Combine(masks, "c_badvalue.png"), new GrayImage(200, 200, badMask));
        ImageIO.WritePng(Path.Combine(images, "d_small.png"), new GrayImage(100, 100, new byte[10000]));
        ImageIO.WritePng(Path.Combine(masks, "d_small.png"), new GrayImage(100, 100, new byte[10000]));

        var result = NeuSegPreparer.Prepare(dir.Path, dir.File("n.pset"), new InputIssueLog());
        Assert.Equal(1, result.Header.Count);
        Assert.Equal(3, result.SkippedImages);
        Assert.Contains(result.Issues, i => i.Message.Contains("b_nomask.png") && i.Message.Contains("mask file not found"));
        Assert.Contains(result.Issues, i => i.Message.Contains("c_badvalue.png") && i.Message.Contains("mask value 9 at (x=7, y=3)"));
        Assert.Contains(result.Issues, i => i.Message.Contains("d_small.png") && i.Message.Contains("100x100"));
        Assert.Equal(2, PatchSet.Load(dir.File("n.pset")).Label(0));

        Assert.Throws<InputException>(() => NeuSegPreparer.Prepare(dir.Path, dir.File("n.pset"), new InputIssueLog(strict: true)));
        Assert.Contains("unknown split", Assert.Throws<InputException>(() =>
            NeuSegPreparer.Prepare(dir.Path, dir.File("n.pset"), new InputIssueLog(), ["training"])).Message);
        Assert.Contains("split folder 'val' not found", Assert.Throws<InputException>(() =>
            NeuSegPreparer.Prepare(dir.Path, dir.File("n.pset"), new InputIssueLog(), ["val"])).Message);
    }
}
