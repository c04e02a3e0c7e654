using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Saliency.Core.Data;

/// <summary>
/// The paper's Table 1: number and share of patches per label (defect classes 1..K, "no defect", "multiple") and
/// the number of patches dropped by the background rule. Percentages are of the kept patches (all labels,
/// multiple included; dropped patches excluded), in percent (0-100).
/// </summary>
public sealed class PatchCountTable
{
    private readonly long[] classCounts;
    private readonly IReadOnlyList<string> classNames;

    /// <param name="classNames">Names of the defect classes 1..K, as the patch set's description gives them (Severstal
    /// "1".."4", NEU-Seg inclusion, patches, scratches).</param>
    public PatchCountTable(IReadOnlyList<string> classNames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classNames.Count);
        this.classNames = [.. classNames];
        classCounts = new long[classNames.Count];
    }

    public int ClassCount => classCounts.Length;

    public long NoDefect { get; private set; }

    public long Multiple { get; private set; }

    public long DroppedBackground { get; private set; }

    /// <summary>Kept patches: all classes + no defect + multiple.</summary>
    public long Total => classCounts.Sum() + NoDefect + Multiple;

    /// <summary>Patches with the single defect class <paramref name="classId"/> (1..K).</summary>
    public long ClassCountOf(int classId) => classCounts[classId - 1];

    /// <summary>Counts one kept patch with a <see cref="PatchLabels"/> label.</summary>
    public void Add(byte label)
    {
        if (label == PatchLabels.NoDefect)
        {
            NoDefect++;
        }
        else if (label == PatchLabels.Multiple)
        {
            Multiple++;
        }
        else if (label <= classCounts.Length)
        {
            classCounts[label - 1]++;
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"label {label} is not a class of 1..{classCounts.Length}");
        }
    }

    /// <summary>Counts one patch dropped by the background rule.</summary>
    public void AddDropped() => DroppedBackground++;

    /// <summary>Share of kept patches in percent (0 when there are none).</summary>
    public double Percent(long count) => Total == 0 ? 0 : 100.0 * count / Total;

    private IEnumerable<(string Key, string Name, long Count)> Rows()
    {
        for (int c = 1; c <= classCounts.Length; c++)
        {
            var key = c.ToString(CultureInfo.InvariantCulture);
            yield return (key, ClassLabels.Display(key, classNames), classCounts[c - 1]);
        }

        yield return ("none", ClassLabels.Display("none", classNames), NoDefect);
        yield return ("multiple", ClassLabels.Display("multiple", classNames), Multiple);
    }

    /// <summary>A fixed-width text table for the console.</summary>
    public string ToText(string title)
    {
        var text = new StringBuilder();
        text.AppendLine(title);
        text.AppendLine(CultureInfo.InvariantCulture, $"{"class",-22} {"patches",9} {"percent",8}");
        foreach (var (_, name, count) in Rows())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-22} {count,9} {Percent(count),7:F2}%");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{"total",-22} {Total,9} {100.0,7:F2}%");
        text.AppendLine(CultureInfo.InvariantCulture, $"dropped by background rule: {DroppedBackground}");
        return text.ToString();
    }

    /// <summary>CSV with header <c>class,count,percent</c>; rows 1..K, none, multiple, total, dropped_background
    /// (the last with an empty percent).</summary>
    public string ToCsv()
    {
        var text = new StringBuilder("class,count,percent\n");
        foreach (var (key, _, count) in Rows())
        {
            text.Append(CultureInfo.InvariantCulture, $"{key},{count},{Percent(count):F4}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"total,{Total},{100.0:F4}\n");
        text.Append(CultureInfo.InvariantCulture, $"dropped_background,{DroppedBackground},\n");
        return text.ToString();
    }

    /// <summary>JSON: <c>"dataset"</c>, <c>"class_names"</c> (classes 1..K), counts under <c>"1"</c>..<c>"K"</c>, <c>"none"</c>, <c>"multiple"</c>,
    /// <c>"dropped_background"</c>, <c>"total"</c>; percentages under <c>"percent"</c> with the same label keys.</summary>
    public string ToJson(string dataset)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("dataset", dataset);
            json.WriteStartArray("class_names");
            foreach (var name in classNames)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            foreach (var (key, _, count) in Rows())
            {
                json.WriteNumber(key, count);
            }

            json.WriteNumber("dropped_background", DroppedBackground);
            json.WriteNumber("total", Total);
            json.WriteStartObject("percent");
            foreach (var (key, _, count) in Rows())
            {
                json.WriteNumber(key, Math.Round(Percent(count), 4));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes <c>&lt;outputFile&gt;.table1.csv</c> and <c>&lt;outputFile&gt;.table1.json</c>; returns both paths.</summary>
    public (string CsvPath, string JsonPath) SaveBeside(string outputFile, string dataset)
    {
        var csv = outputFile + ".table1.csv";
        var json = Table1Json.SidecarOf(outputFile);
        File.WriteAllText(csv, ToCsv());
        File.WriteAllText(json, ToJson(dataset));
        return (csv, json);
    }
}
