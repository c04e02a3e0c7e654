using Saliency.Core.Data;
using Saliency.Core.Data.Severstal;
using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Data;

/// <summary>
/// Prepares the real 20-image sample and checks every patch against a brute-force computation in the test over the
/// full 1600x256 image and the mask decoded here from the raw csv.
/// </summary>
public sealed class SeverstalSamplePatchingTests : IClassFixture<SeverstalSamplePatchingTests.Prepared>
{
    private readonly Prepared prepared;

    public SeverstalSamplePatchingTests(Prepared prepared) => this.prepared = prepared;

    /// <summary>The sample prepared once with default options.</summary>
    public sealed class Prepared : IDisposable
    {
        private readonly TempDir dir = new();

        public Prepared()
        {
            Result = SeverstalPreparer.Prepare(DataPaths.SeverstalSample, dir.File("sample.pset"), PatchingOptions.Default, new InputIssueLog());
            Patches = PatchSet.Load(dir.File("sample.pset"));
        }

        public PreparationResult Result { get; }

        public PatchSet Patches { get; }

        public void Dispose() => dir.Dispose();
    }

    /// <summary>What the test expects for one patch, computed by brute force.</summary>
    private sealed record Expected(string ImageId, int Index, bool Dropped, byte Label, int[] ClassPixels, byte[] Pixels);

    private static readonly Lazy<IReadOnlyList<Expected>> Computed = new(() => [.. ComputeBruteForce()]);

    private static IReadOnlyList<Expected> BruteForce() => Computed.Value;

    private static IEnumerable<Expected> ComputeBruteForce()
    {
        var images = Directory.GetFiles(DataPaths.SeverstalSample, "*.jpg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        foreach (var imageId in images)
        {
            var image = ImageIO.ReadGray(Path.Combine(DataPaths.SeverstalSample, imageId!));
            var (highest, present) = SampleCsv.FullMask(imageId!);
            for (int k = 0; k < 6; k++)
            {
                int left = 32 + (256 * k);
                int black = 0, bits = 0;
                var classPixels = new int[5];
                var pixels = new byte[256 * 256];
                for (int row = 0; row < 256; row++)
                {
                    for (int col = left; col < left + 256; col++)
                    {
                        byte v = image[row, col];
                        pixels[(row * 256) + col - left] = v;
                        black += v < 10 ? 1 : 0;
                        bits |= present[row, col];
                        classPixels[highest[row, col]]++;
                    }
                }

                var classes = Enumerable.Range(1, 4).Where(c => (bits & (1 << c)) != 0).ToList();
                byte label = classes.Count switch { 0 => 0, 1 => (byte)classes[0], _ => 255 };
                yield return new Expected(imageId!, k, black > 0.95 * 65536, label, classPixels, pixels);
            }
        }
    }

    [Fact]
    public void Every_patch_matches_brute_force_pixels_mask_and_label()
    {
        var expected = BruteForce();
        Assert.Equal(120, expected.Count);
        var kept = expected.Where(e => !e.Dropped).ToList();
        Assert.Equal(kept.Count, prepared.Patches.Count);
        for (int i = 0; i < kept.Count; i++)
        {
            var e = kept[i];
            var provenance = prepared.Patches.Provenance(i);
            Assert.Equal((e.ImageId, e.Index), (provenance.SourceId, provenance.PatchIndex));
            Assert.Equal(e.Label, prepared.Patches.Label(i));
            Assert.Equal(e.Pixels, prepared.Patches.Pixels(i));
            var mask = prepared.Patches.Mask(i);
            for (int c = 0; c <= 4; c++)
            {
                Assert.Equal(e.ClassPixels[c], mask.Count(v => v == c));
            }
        }
    }

    [Fact]
    public void Table1_counts_match_brute_force()
    {
        var expected = BruteForce();
        var kept = expected.Where(e => !e.Dropped).ToList();
        var table = prepared.Result.Table;
        for (byte c = 1; c <= 4; c++)
        {
            Assert.Equal(kept.Count(e => e.Label == c), table.ClassCountOf(c));
        }

        Assert.Equal(kept.Count(e => e.Label == 0), table.NoDefect);
        Assert.Equal(kept.Count(e => e.Label == 255), table.Multiple);
        Assert.Equal(expected.Count(e => e.Dropped), table.DroppedBackground);
        Assert.Equal(120, table.Total + table.DroppedBackground);
        Assert.Empty(prepared.Result.Issues);
        Assert.Equal(20, prepared.Result.ImagesUsed);
    }

    [Fact]
    public void Sample_has_a_nontrivial_mix_of_labels_and_dropped_patches()
    {
        // Guards the brute-force comparison against passing on a degenerate result (e.g. all "no defect").
        var table = prepared.Result.Table;
        Assert.True(table.DroppedBackground > 0);
        Assert.True(table.Multiple > 0);
        Assert.True(table.ClassCountOf(3) > 0 && table.ClassCountOf(4) > 0 && table.ClassCountOf(1) > 0);
        Assert.True(table.NoDefect > 0);
    }

    [Fact]
    public void Defect_pixels_cut_off_by_the_crop_do_not_label_a_patch()
    {
        // Hand-made: a class-2 run only in column 0 (cropped) and a class-1 pixel at column 32 (patch 0).
        var image = new GrayImage(1600, 256, Enumerable.Repeat((byte)120, 1600 * 256).ToArray());
        var bits = new byte[1600 * 256];
        for (int row = 0; row < 256; row++)
        {
            bits[row * 1600] = 1 << 2;
        }

        bits[(5 * 1600) + 32] = 1 << 1;
        var patches = ImagePatcher.Cut(image, bits, PatchingOptions.Default);
        Assert.Equal(6, patches.Count);
        Assert.Equal(1, patches[0].Label);
        Assert.Equal(1, patches[0].Mask[5 * 256]);
        Assert.All(patches.Skip(1), p => Assert.Equal(PatchLabels.NoDefect, p.Label));
    }

    [Theory]
    [InlineData(62259, false)] // 95.0 % black: kept (rule is "above 95 %")
    [InlineData(62260, true)] // 95.0015 %: dropped
    public void Background_rule_is_strictly_above_the_share(int blackPixels, bool dropped)
    {
        var pixels = Enumerable.Repeat((byte)120, 1600 * 256).ToArray();
        int set = 0;
        for (int row = 0; row < 256 && set < blackPixels; row++)
        {
            for (int col = 32; col < 288 && set < blackPixels; col++, set++)
            {
                pixels[(row * 1600) + col] = (byte)(set % 10); // 0..9: all below the threshold 10
            }
        }

        var patches = ImagePatcher.Cut(new GrayImage(1600, 256, pixels), new byte[1600 * 256], PatchingOptions.Default);
        Assert.Equal(dropped, patches[0].Dropped);
        Assert.False(patches[1].Dropped);
        Assert.Equal(blackPixels / 65536.0, patches[0].BackgroundFraction, 12);
    }
}
