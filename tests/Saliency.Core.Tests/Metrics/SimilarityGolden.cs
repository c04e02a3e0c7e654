using System.Text.Json;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Metrics;

/// <summary>
/// The scipy / scikit-image values in Golden/similarity.json, written by scripts/peer/similarity_golden.py
/// (versions inside the file).
/// </summary>
internal static class SimilarityGolden
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("tests", "Saliency.Core.Tests", "Metrics", "Golden", "similarity.json"))).RootElement);

    public static IEnumerable<JsonElement> Cases(string kind) => Root.Value.GetProperty(kind).EnumerateArray();

    public static float[] Floats(JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(v => (float)v.GetDouble())];

    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases(kind))
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    public static JsonElement Case(string kind, string name) =>
        Cases(kind).Single(c => c.GetProperty("name").GetString() == name);
}
