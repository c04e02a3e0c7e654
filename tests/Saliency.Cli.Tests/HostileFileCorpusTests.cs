using System.Buffers.Binary;
using System.Text;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary>
/// The hostile-file corpus through the commands that take each file: every file is made from a real one (the
/// Severstal sample, a real patch set prepared from it, a saved model, numpy-written .npy files) and each command
/// must exit with code 2 and <c>error: FILE[:LINE]: FIELD: ...</c>, never decode it as something else, and leave
/// what an earlier run computed (the output it would write to) exactly as it was.
/// </summary>
[Collection("torch commands")]
public sealed class HostileFileCorpusTests : IClassFixture<HostileFileCorpusTests.RealFiles>
{
    private readonly RealFiles real;

    public HostileFileCorpusTests(RealFiles real) => this.real = real;

    /// <summary>Made once: a patch set prepared from the real sample, its samples file and a saved model.</summary>
    public sealed class RealFiles : IDisposable
    {
        private readonly TempDir dir = new();

        public RealFiles()
        {
            (PatchSet, Samples, _) = BenchCommandTests.PrepareSample(dir, count: 2);
            Model = MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        }

        public string PatchSet { get; }

        public string Samples { get; }

        public string Model { get; }

        public void Dispose() => dir.Dispose();
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    /// <summary>Every file under <paramref name="folder"/> with its bytes, to compare before and after a command.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>An earlier run's results folder (the files a command would write there).</summary>
    private static string EarlierResults(TempDir dir, string name)
    {
        var folder = dir.File(name);
        Directory.CreateDirectory(Path.Combine(folder, "shards"));
        File.WriteAllText(Path.Combine(folder, "rows.csv"), "sample,variant\n1,GradCAM\n");
        File.WriteAllText(Path.Combine(folder, "run.json"), "{\"earlier\": true}\n");
        File.WriteAllText(Path.Combine(folder, "map.npy"), "earlier map");
        File.WriteAllText(Path.Combine(folder, "shards", "000000.json"), "{}");
        return folder;
    }

    private static void AssertRefused((int Code, string Stdout, string Stderr) result, string file, string fieldOrLine, string? reason = null)
    {
        Assert.True(result.Code == 2, $"exit code {result.Code}\n{result.Stderr}\n{result.Stdout}");
        var prefix = $"error: {file}{fieldOrLine}";
        Assert.True(result.Stderr.StartsWith(prefix, StringComparison.Ordinal), $"expected stderr to start with '{prefix}':\n{result.Stderr}");
        if (reason is not null)
        {
            Assert.Contains(reason, result.Stderr);
        }
    }

    private static string SeverstalCopy(TempDir dir, IEnumerable<string>? csv = null)
    {
        var folder = dir.File("severstal");
        Directory.CreateDirectory(folder);
        foreach (var image in Directory.GetFiles(DataPaths.SeverstalSample, "*.jpg"))
        {
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(image)), image);
        }

        File.WriteAllLines(Path.Combine(folder, "train.csv"), csv ?? File.ReadAllLines(Path.Combine(DataPaths.SeverstalSample, "train.csv")));
        return folder;
    }

    [Fact]
    public void Data_prepare_names_a_cut_image_loudly_and_strict_keeps_the_earlier_patch_set()
    {
        using var dir = new TempDir();
        var folder = SeverstalCopy(dir);
        var cut = Path.Combine(folder, "0030401a5.jpg");
        var bytes = File.ReadAllBytes(cut);
        File.Delete(cut);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        var output = dir.File("sample.pset");

        var (code, stdout, stderr) = Run("data", "prepare", "--severstal", folder, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains($"skipped image: {cut}: data: truncated image: PNG chunk 'IDAT' at byte 196677 needs 65548 bytes, the file ends 43917 bytes into it (240594 bytes in the file)", stderr);
        Assert.Contains("warning: 1 images and 0 csv rows were skipped (listed above) and are not in the patch set", stderr);
        Assert.Contains("skipped: 0 rows, 1 images", stdout);
        Assert.Contains("wrote 100 patches", stdout); // the clean sample's 106 less the cut image's 6

        var before = Snapshot(dir.Path);
        var strict = Run("data", "prepare", "--severstal", folder, "--out", output, "--strict");
        AssertRefused(strict, cut, ": data: ", "truncated image");
        Assert.Equal(before, Snapshot(dir.Path)); // the earlier patch set and its Table 1 files, byte for byte
    }

    [Fact]
    public void Data_prepare_names_duplicate_rows_of_the_real_train_csv_with_both_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(DataPaths.SeverstalSample, "train.csv"));
        using var dir = new TempDir();
        var folder = SeverstalCopy(dir, [.. lines, lines[3], lines[3]]);
        var csv = Path.Combine(folder, "train.csv");
        var (code, stdout, stderr) = Run("data", "prepare", "--severstal", folder, "--out", dir.File("out.pset"));
        Assert.True(code == 0, stderr);
        Assert.Contains($"skipped row: {csv}:21: ClassId: second row for image 0030401a5.jpg class 4: a duplicate of line 4", stderr);
        Assert.Contains($"skipped row: {csv}:22: ClassId: second row for image 0030401a5.jpg class 4: a duplicate of line 4", stderr);
        Assert.Contains("warning: 1 images and 2 csv rows were skipped", stderr);
        Assert.Contains("skipped: 2 rows, 1 images", stdout);

        AssertRefused(Run("data", "prepare", "--severstal", folder, "--out", dir.File("strict.pset"), "--strict"), csv, ":21: ClassId: ");
        Assert.False(File.Exists(dir.File("strict.pset")));
    }

    [Fact]
    public void Patch_set_cut_short_is_refused_by_every_command_that_reads_one_and_outputs_stay()
    {
        var bytes = File.ReadAllBytes(real.PatchSet);
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        using var dir = new TempDir();
        foreach (var (length, field) in new[] { (4, "magic"), (16 + (headerLength / 2), "header"), (16 + headerLength + 100, "length"), (bytes.Length / 2, "length"), (bytes.Length - 1, "length") })
        {
            var cut = dir.File($"cut-{length}.pset");
            File.WriteAllBytes(cut, bytes[..length]);
            AssertRefused(Run("data", "info", cut), cut, $": {field}: ");
        }

        var half = dir.File($"cut-{bytes.Length / 2}.pset");
        var results = EarlierResults(dir, "results");
        var samples = dir.File("earlier-samples.json");
        File.Copy(real.Samples, samples);
        var before = Snapshot(dir.Path);
        AssertRefused(Run("bench", "--data", half, "--model", real.Model, "--samples", real.Samples, "--out", results), half, ": length: ", "truncated or corrupt");
        AssertRefused(Run("select", "--data", half, "--model", real.Model, "--seed", "1", "--val-fraction", "0.25", "--out", samples), half, ": length: ");
        Assert.Equal(before, Snapshot(dir.Path));
    }

    [Fact]
    public void Model_cut_short_is_refused_by_explain_select_and_bench_and_outputs_stay()
    {
        var bytes = File.ReadAllBytes(real.Model);
        long dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var dir = new TempDir();
        var image = dir.File("patch.png");
        Core.IO.ImageIO.WritePng(image, MethodFixtures.RealPatch().Patch);
        var results = EarlierResults(dir, "results");
        foreach (var (length, field) in new[] { (0L, string.Empty), (dataStart / 2, "header: "), (bytes.Length - 1L, "layer4.1.conv2.weight: ") })
        {
            var cut = dir.File($"model-{length}.safetensors");
            File.WriteAllBytes(cut, bytes[..(int)length]);
            var before = Snapshot(results);
            AssertRefused(Run("explain", "--model", cut, "--image", image, "--method", "GradCAM", "--out", results), cut, ": " + field);
            AssertRefused(Run("bench", "--data", real.PatchSet, "--model", cut, "--samples", real.Samples, "--out", results), cut, ": " + field);
            AssertRefused(Run("select", "--data", real.PatchSet, "--model", cut, "--seed", "1", "--val-fraction", "0.25", "--out", Path.Combine(results, "samples.json")), cut, ": " + field);
            Assert.Equal(before, Snapshot(results));
        }
    }

    [Fact]
    public void Hostile_npy_files_are_refused_by_score_naming_file_and_field()
    {
        using var dir = new TempDir();
        var mask = Path.Combine(AppContext.BaseDirectory, "NpyCorpus", "score_mask_u1_c.npy");
        var map = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "NpyCorpus", "score_map_le_c.npy"));
        string Write(string name, byte[] content)
        {
            var path = dir.File(name);
            File.WriteAllBytes(path, content);
            return path;
        }

        var text = Encoding.Latin1.GetString(map);
        var lying = Write("lying.npy", Encoding.Latin1.GetBytes(text.Replace("(12, 20), }     ", "(12000, 2000), }", StringComparison.Ordinal)));
        AssertRefused(Run("score", "--map", lying, "--mask", mask), lying, ": data: ", "shape (12000, 2000) of <f8 needs 192000000 bytes after the header, found 1920");
        var twice = Write("twice.npy", Encoding.Latin1.GetBytes(text.Replace("'shape': (12, 20), }               ", "'shape': (12, 20), 'shape': (1, 1)}", StringComparison.Ordinal)));
        AssertRefused(Run("score", "--map", twice, "--mask", mask), twice, ": shape: ", "appears twice");
        var hugeHeader = (byte[])map.Clone();
        hugeHeader[6] = 2; // version 2.0: the length field becomes 4 bytes, here 0x76 0x00 '{' '\'' = 662 MB
        var huge = Write("huge-header.npy", hugeHeader);
        AssertRefused(Run("score", "--map", huge, "--mask", mask), huge, ": header: ", "more than the 10000 bytes numpy.load accepts");
        var good = Write("good.npy", map);
        var cut = Write("cut.npy", File.ReadAllBytes(mask)[..^8]);
        AssertRefused(Run("score", "--map", good, "--mask", cut), cut, ": data: ", "truncated data");
        var empty = Write("empty.npy", []);
        AssertRefused(Run("score", "--map", empty, "--mask", mask), empty, ": magic: ");
    }

    [Fact]
    public void Numpy_fortran_order_big_endian_and_bool_files_score_like_their_c_order_copies()
    {
        string Corpus(string name) => Path.Combine(AppContext.BaseDirectory, "NpyCorpus", name);
        var c = Run("score", "--map", Corpus("score_map_le_c.npy"), "--mask", Corpus("score_mask_u1_c.npy"));
        Assert.True(c.Code == 0, c.Stderr);
        var fortran = Run("score", "--map", Corpus("score_map_be_f.npy"), "--mask", Corpus("score_mask_bool_f.npy"));
        Assert.True(fortran.Code == 0, fortran.Stderr); // refused before: "Fortran (column-major) order is not supported"
        Assert.Equal(c.Stdout, fortran.Stdout);
        Assert.Contains("\"All-100\"", c.Stdout);
    }

    [Fact]
    public void Hostile_sweep_files_are_refused_and_the_results_folder_is_untouched()
    {
        using var dir = new TempDir();
        var results = EarlierResults(dir, "results");
        var head = $"name: hostile\ndata: {real.PatchSet}\nmodel: {real.Model}\nsamples: {{ file: {real.Samples} }}\n";
        var bomb = dir.File("bomb.yaml");
        var laughs = new StringBuilder(head).Append("l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
        for (int level = 1; level <= 9; level++)
        {
            laughs.Append($"l{level}: &l{level} [").Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))).Append("]\n");
        }

        File.WriteAllText(bomb, laughs.Append("methods: [{ method: GradCAM }]\n").ToString());
        var longLine = dir.File("long-line.yaml");
        File.WriteAllText(longLine, head + "methods: [{ method: GradCAM }" + new string(' ', 8 << 20) + "]\n");

        var before = Snapshot(results);
        AssertRefused(Run("sweep", "run", bomb, "--out", results), bomb, ":9: yaml: ", "alias bomb");
        AssertRefused(Run("sweep", "run", longLine, "--out", results), longLine, ":5: yaml: ", "line 5 is longer than 65536 characters");
        AssertRefused(Run("sweep", "submit", bomb, "--cluster", "127.0.0.1:1"), bomb, ":9: yaml: ");
        Assert.Equal(before, Snapshot(results));
    }
}
