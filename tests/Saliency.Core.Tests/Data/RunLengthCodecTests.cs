using Saliency.Core.Data;

namespace Saliency.Core.Tests.Data;

public class RunLengthCodecTests
{
    /// <summary>The README's table of decoded pixel counts per (image, class).</summary>
    public static TheoryData<string, int, int> ReadmePixelCounts => new()
    {
        { "002fc4e19.jpg", 1, 1547 }, { "002fc4e19.jpg", 2, 1209 }, { "0030401a5.jpg", 4, 60738 },
        { "0046839bd.jpg", 3, 5253 }, { "005f19695.jpg", 3, 27106 }, { "008ef3d74.jpg", 1, 2066 },
        { "008ef3d74.jpg", 2, 3210 }, { "00ac8372f.jpg", 1, 1232 }, { "00ac8372f.jpg", 2, 8309 },
        { "00e0398ad.jpg", 3, 96228 }, { "00f6e702c.jpg", 3, 5335 }, { "0141c9bf3.jpg", 3, 6035 },
        { "014ebe543.jpg", 3, 10072 }, { "01661826d.jpg", 1, 5568 }, { "01df77e59.jpg", 1, 2393 },
        { "01e020dc5.jpg", 3, 61676 }, { "0217af9b1.jpg", 3, 4992 }, { "03db6bbc3.jpg", 3, 4363 },
        { "03db6bbc3.jpg", 4, 50859 },
    };

    [Fact]
    public void Every_sample_row_round_trips_exactly()
    {
        var rows = SampleCsv.Rows();
        Assert.Equal(19, rows.Count);
        foreach (var (imageId, classId, encoded) in rows)
        {
            var mask = RunLengthCodec.Decode(encoded, 1600, 256);
            Assert.True(encoded == RunLengthCodec.Encode(mask, 1600, 256), $"{imageId} class {classId} does not round trip");
        }
    }

    [Theory]
    [MemberData(nameof(ReadmePixelCounts))]
    public void Decoded_pixel_count_matches_readme(string imageId, int classId, int expected)
    {
        var encoded = SampleCsv.Rows().Single(r => r.ImageId == imageId && r.ClassId == classId).Encoded;
        Assert.Equal(expected, SampleCsv.Pairs(encoded).Sum(p => p.Length));
        var mask = RunLengthCodec.Decode(encoded, 1600, 256);
        Assert.Equal(expected, mask.Count(v => v == 1));
    }

    [Fact]
    public void Decoding_is_column_major_and_one_based()
    {
        // 4 columns x 3 rows. Pixels 2,3,4 -> (col 0,row 1), (col 0,row 2), (col 1,row 0); pixel 9 -> (col 2,row 2).
        var mask = RunLengthCodec.Decode("2 3 9 1", width: 4, height: 3);
        byte[] expected =
        [
            0, 1, 0, 0,
            1, 0, 0, 0,
            1, 0, 1, 0,
        ];
        Assert.Equal(expected, mask);
        Assert.Equal("2 3 9 1", RunLengthCodec.Encode(mask, 4, 3));
    }

    [Fact]
    public void Encode_merges_adjacent_runs_and_handles_the_last_pixel()
    {
        var mask = RunLengthCodec.Decode("1 2 3 2 12 1", width: 4, height: 3);
        Assert.Equal("1 4 12 1", RunLengthCodec.Encode(mask, 4, 3));
        Assert.Equal(string.Empty, RunLengthCodec.Encode(new byte[12], 4, 3));
    }

    [Theory]
    [InlineData("1 2 3", "odd number")]
    [InlineData("11 3", "outside the image")]
    [InlineData("0 3", "not a positive integer")]
    [InlineData("1 x", "not a positive integer")]
    [InlineData("1 -2", "not a positive integer")]
    public void Bad_encodings_name_file_and_line(string encoded, string expected)
    {
        var e = Assert.Throws<InputException>(() => RunLengthCodec.Parse(encoded, 12, "f.csv", 7));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("f.csv:7:", e.Message);
    }
}
