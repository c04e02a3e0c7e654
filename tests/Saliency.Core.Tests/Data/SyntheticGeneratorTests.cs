using Saliency.Core.Data;
using Saliency.Core.Data.Severstal;
using Saliency.Core.Data.Synthetic;
using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Data;

public sealed class SyntheticGeneratorTests : IClassFixture<SyntheticGeneratorTests.Generated>
{
    private static readonly SyntheticOptions Small = new() { Images = 12, Seed = 5 };
    private readonly Generated generated;

    public SyntheticGeneratorTests(Generated generated) => this.generated = generated;

    /// <summary>12 images generated once and prepared (strict) with default options.</summary>
    public sealed class Generated : IDisposable
    {
        public Generated()
        {
            Summary = SyntheticSeverstalGenerator.Generate(Dir.Path, Small);
            Result = SeverstalPreparer.Prepare(Dir.Path, Dir.File("s.pset"), PatchingOptions.Default, new InputIssueLog(strict: true));
        }

        public TempDir Dir { get; } = new();

        public SyntheticSummary Summary { get; }

        public PreparationResult Result { get; }

        public void Dispose() => Dir.Dispose();
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files_and_another_seed_differs()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        using var c = new TempDir();
        SyntheticSeverstalGenerator.Generate(a.Path, Small with { Images = 4 });
        SyntheticSeverstalGenerator.Generate(b.Path, Small with { Images = 4 });
        SyntheticSeverstalGenerator.Generate(c.Path, Small with { Images = 4, Seed = 6 });
        var files = Directory.GetFiles(a.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, files.Length); // 4 images + train.csv
        Assert.Equal(files, Directory.GetFiles(b.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var f in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, f!)), File.ReadAllBytes(Path.Combine(b.Path, f!)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a.Path, "train.csv")), File.ReadAllBytes(Path.Combine(c.Path, "train.csv")));
    }

    [Fact]
    public void Csv_is_valid_canonical_rle_and_defects_have_class_specific_contrast()
    {
        var dir = generated.Dir;
        var summary = generated.Summary;
        var lines = File.ReadAllLines(summary.CsvPath);
        var masks = lines.Skip(1).Select(l => l.Split(',')).ToLookup(f => f[0], f => RunLengthCodec.Decode(f[2], 1600, 256));
        Assert.Equal("ImageId,ClassId,EncodedPixels", lines[0]);
        Assert.Equal(summary.Rows, lines.Length - 1);
        var contrast = new Dictionary<int, List<double>>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            int cls = int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture);
            var mask = RunLengthCodec.Decode(f[2], 1600, 256);
            Assert.Equal(f[2], RunLengthCodec.Encode(mask, 1600, 256));
            var image = ImageIO.ReadGray(Path.Combine(dir.Path, f[0]));
            Assert.Equal((1600, 256), (image.Width, image.Height));

            // Mean over pixels of this class only (not shared with another class of the image) minus the mean of
            // non-black steel without any defect.
            var union = new byte[mask.Length];
            foreach (var m in masks[f[0]])
            {
                for (int p = 0; p < m.Length; p++)
                {
                    union[p] += m[p];
                }
            }

            double inside = 0, outside = 0;
            int nIn = 0, nOut = 0;
            for (int p = 0; p < mask.Length; p++)
            {
                if (mask[p] == 1 && union[p] == 1)
                {
                    inside += image.Pixels[p];
                    nIn++;
                }
                else if (union[p] == 0 && image.Pixels[p] >= 10)
                {
                    outside += image.Pixels[p];
                    nOut++;
                }
            }

            contrast.TryAdd(cls, []);
            contrast[cls].Add((inside / nIn) - (outside / nOut));
        }

        Assert.Equal([1, 2, 3, 4], contrast.Keys.Order());
        Assert.All(contrast[1], d => Assert.True(d < -40, $"class 1 contrast {d}"));
        Assert.All(contrast[2], d => Assert.True(d > 40, $"class 2 contrast {d}"));
        Assert.All(contrast[3], d => Assert.True(d > 30, $"class 3 contrast {d}"));
        Assert.All(contrast[4], d => Assert.True(d < -40, $"class 4 contrast {d}"));
    }

    [Fact]
    public void Prepared_synthetic_data_has_every_class_clean_patches_and_dropped_black_ones()
    {
        var dir = generated.Dir;
        var summary = generated.Summary;
        Assert.Equal(2, summary.DefectFreeImages); // images 5 and 11
        var table = generated.Result.Table;
        for (int c = 1; c <= 4; c++)
        {
            Assert.True(table.ClassCountOf(c) >= 8, $"class {c}: {table.ClassCountOf(c)}");
        }

        Assert.True(table.NoDefect >= 12);
        Assert.Equal(3, table.DroppedBackground); // images 0, 4, 8 have a black edge slot
        Assert.True(table.Multiple <= table.Total / 10);

        // Defect-free images give only "no defect" patches; every image id without rows is defect-free.
        var set = PatchSet.Load(dir.File("s.pset"));
        var withRows = File.ReadAllLines(summary.CsvPath).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();
        Assert.Equal(10, withRows.Count);
        for (int i = 0; i < set.Count; i++)
        {
            if (!withRows.Contains(set.Provenance(i).SourceId))
            {
                Assert.Equal(PatchLabels.NoDefect, set.Label(i));
            }
        }
    }
}
