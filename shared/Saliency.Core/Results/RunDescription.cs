using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saliency.Core.Results;

/// <summary>
/// <c>run.json</c> of a results folder: what produced it (<see cref="Kind"/> <c>bench</c> or <c>sweep</c>), from
/// which data, model and samples, which variants and normalisations, where it ran and when. One record for bench and
/// sweeps; written with snake_case names. <see cref="Read"/> is lenient (a run.json of an older version still shows
/// in the report as text) and returns null for what it cannot read.
/// </summary>
public sealed record RunDescription
{
    public const string FileName = "run.json";

    public const string BenchKind = "bench";
    public const string SweepKind = "sweep";

    public required string Kind { get; init; }

    /// <summary>The sweep id (sweeps only).</summary>
    public string? Sweep { get; init; }

    /// <summary>The sweep's state when its results were written (sweeps only).</summary>
    public string? State { get; init; }

    public required string Data { get; init; }

    public required string Model { get; init; }

    /// <summary>The samples file, or a description of the sample rule.</summary>
    public string? Samples { get; init; }

    public int SampleCount { get; init; }

    public required IReadOnlyList<string> Variants { get; init; }

    public required IReadOnlyList<string> Normalisations { get; init; }

    /// <summary>Metrics computed per map (e.g. <c>distance</c>, <c>energy</c>).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>Device(s) the maps were computed on, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    public string? Device { get; init; }

    public int? Threads { get; init; }

    /// <summary>Machine(s) or silo(s) the maps were computed on.</summary>
    public IReadOnlyList<string> Machines { get; init; } = [];

    public int? Processors { get; init; }

    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }

    /// <summary>Free-form notes (e.g. how a sweep computed batching-only variants).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    private static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The description in <paramref name="json"/>, or null when it is not one (missing fields, other schema).</summary>
    public static RunDescription? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RunDescription>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
