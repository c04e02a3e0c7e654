using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Hostile;

/// <summary>
/// Corpus: real images cut short at many offsets, emptied, or with headers declaring a huge size. Every one is an
/// <see cref="InputException"/> naming the file and the field; none is decoded into a partly black image.
/// </summary>
public class HostileImageTests
{
    private static InputException AssertRefused(string path, string field)
    {
        var e = Assert.Throws<InputException>(() => ImageIO.ReadGray(path));
        Assert.Equal(path, e.File);
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"{path}: {field}: ", e.Message);
        return e;
    }

    private static void AssertEveryCutRefused(string real)
    {
        using var dir = new TempDir();
        var length = new FileInfo(real).Length;
        var accepted = new List<long>();
        foreach (var cut in HostileFiles.CutLengths(length))
        {
            var path = HostileFiles.WriteCut(real, dir.File($"cut-{cut}{Path.GetExtension(real)}"), cut);
            try
            {
                ImageIO.ReadGray(path);
                accepted.Add(cut);
            }
            catch (InputException e)
            {
                Assert.Equal(path, e.File);
                Assert.Equal("data", e.Field);
                Assert.Contains(Path.GetFileName(path), e.Message);
            }
        }

        Assert.True(accepted.Count == 0, $"{Path.GetFileName(real)} ({length} bytes) cut to {string.Join(", ", accepted)} bytes was decoded as an image");
    }

    [Fact]
    public void Real_severstal_png_cut_at_any_offset_is_refused() => AssertEveryCutRefused(HostileFiles.SeverstalPng);

    [Fact]
    public void Real_neu_jpeg_cut_at_any_offset_is_refused() => AssertEveryCutRefused(HostileFiles.NeuJpeg);

    [Fact]
    public void Real_neu_mask_png_cut_at_any_offset_is_refused() => AssertEveryCutRefused(HostileFiles.NeuMaskPng);

    [Fact]
    public void Cut_png_names_the_chunk_and_where_the_file_ends()
    {
        using var dir = new TempDir();
        var length = new FileInfo(HostileFiles.SeverstalPng).Length;
        var half = HostileFiles.WriteCut(HostileFiles.SeverstalPng, dir.File("half.jpg"), length / 2);
        var e = AssertRefused(half, "data");
        Assert.Contains("truncated image: PNG chunk 'IDAT'", e.Message);
        Assert.Contains($"({length / 2} bytes in the file)", e.Message);

        var noEnd = HostileFiles.WriteCut(HostileFiles.SeverstalPng, dir.File("no-iend.jpg"), length - 12);
        Assert.Contains("before its IEND chunk", AssertRefused(noEnd, "data").Message);

        var jpeg = HostileFiles.WriteCut(HostileFiles.NeuJpeg, dir.File("no-eoi.jpg"), new FileInfo(HostileFiles.NeuJpeg).Length - 2);
        Assert.Contains("without an EOI marker", AssertRefused(jpeg, "data").Message);
    }

    [Fact]
    public void Png_with_whole_chunks_but_short_compressed_data_is_refused_by_the_decoder()
    {
        // Chunk structure, CRCs and IEND are intact; only the zlib stream inside IDAT ends early, which only the
        // decoder sees.
        using var dir = new TempDir();
        var path = dir.File("short-idat.png");
        File.WriteAllBytes(path, HostileFiles.PngWithShortImageData(File.ReadAllBytes(HostileFiles.SeverstalPng), 0.5));
        var e = AssertRefused(path, "data");
        Assert.Contains("could not be decoded (ErrorInInput)", e.Message);
        Assert.Contains("Png 1600x256", e.Message);
    }

    [Fact]
    public void Bmp_cut_short_is_refused_by_the_decoder_check()
    {
        // BMP has no structure check of its own: SkiaSharp decodes the rows present and reports IncompleteInput,
        // which used to be accepted (the rest of the image came back black).
        using var dir = new TempDir();
        var real = ImageIO.ReadGray(HostileFiles.SeverstalPng);
        var bmp = HostileFiles.Bmp24(real.Width, real.Height, real.Pixels);
        var whole = dir.File("whole.bmp");
        File.WriteAllBytes(whole, bmp);
        Assert.Equal(real.Pixels, ImageIO.ReadGray(whole).Pixels);
        foreach (var cut in new[] { bmp.Length / 2, bmp.Length - 1 })
        {
            var path = dir.File($"cut-{cut}.bmp");
            File.WriteAllBytes(path, bmp[..cut]);
            var e = AssertRefused(path, "data");
            Assert.Contains("incomplete image data", e.Message);
            Assert.Contains("Bmp 1600x256", e.Message);
        }
    }

    [Fact]
    public void Decompression_bombs_are_refused_from_the_header_before_allocating()
    {
        using var dir = new TempDir();
        var png = dir.File("bomb.png");
        File.WriteAllBytes(png, HostileFiles.PngWithDeclaredSize(File.ReadAllBytes(HostileFiles.SeverstalPng), 100_000, 100_000));
        var jpeg = dir.File("bomb.jpg");
        File.WriteAllBytes(jpeg, HostileFiles.JpegWithDeclaredSize(File.ReadAllBytes(HostileFiles.NeuJpeg), 65_000, 65_000));
        foreach (var (path, size) in new[] { (png, "100000x100000"), (jpeg, "65000x65000") })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var e = AssertRefused(path, "size");
            Assert.Contains($"declares {size} pixels", e.Message);
            Assert.Contains("decompression bomb", e.Message);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the refusal allocated more than 16 MB");
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"the refusal took {started.Elapsed}");
        }
    }

    [Theory]
    [InlineData("empty.png")]
    [InlineData("empty.jpg")]
    public void Empty_file_is_refused(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        File.WriteAllBytes(path, []);
        Assert.Contains("empty file (0 bytes)", AssertRefused(path, "data").Message);
    }

    [Fact]
    public void Cut_image_is_refused_from_a_stream_that_cannot_seek_and_through_mask_and_input_readers()
    {
        var bytes = File.ReadAllBytes(HostileFiles.NeuMaskPng);
        var e = Assert.Throws<InputException>(() => ImageIO.DecodeGray(new ForwardOnlyStream(bytes[..(bytes.Length / 2)]), "stream.png"));
        Assert.Equal("stream.png", e.File);
        Assert.Contains("truncated image", e.Message);

        using var dir = new TempDir();
        var cut = HostileFiles.WriteCut(HostileFiles.NeuMaskPng, dir.File("mask.png"), bytes.Length - 4);
        Assert.Equal(cut, Assert.Throws<InputException>(() => MaskFile.Read(cut)).File);
        Assert.Equal(cut, Assert.Throws<InputException>(() => InputImageFile.Read(cut)).File);
    }

    [Fact]
    public void Every_real_image_and_mask_still_decodes_whole()
    {
        // The completeness checks must not refuse a good file: all 20 Severstal images and the NEU-Seg test split.
        var files = Directory.GetFiles(DataPaths.SeverstalSample, "*.jpg")
            .Concat(Directory.GetFiles(Path.Combine(DataPaths.NeuSeg, "images", "test")))
            .Concat(Directory.GetFiles(Path.Combine(DataPaths.NeuSeg, "masks", "test")))
            .ToList();
        Assert.True(files.Count > 900, $"only {files.Count} files found");
        foreach (var file in files)
        {
            var image = ImageIO.ReadGray(file);
            Assert.True(image.Width is 1600 or 200, file);
        }
    }

    /// <summary>A read-only stream without seeking or a length (like a network stream).</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
