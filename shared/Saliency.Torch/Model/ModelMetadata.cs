using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saliency.Torch.Model;

/// <summary>
/// What the project's own checkpoint records beside the weights (stored as JSON in the safetensors
/// <c>__metadata__</c> under <see cref="ModelStore.MetadataKey"/>). Logit index i predicts patch-set label
/// <c>ClassIds[i]</c> (0 = no defect, 1..K = defect classes) named <c>ClassNames[i]</c>. The normalisation is applied
/// to inputs in [0, 1] inside the model (<see cref="InputNormalisation"/>).
/// </summary>
public sealed record ModelMetadata
{
    public const int CurrentFormatVersion = 1;

    public const string ResNet18Architecture = "resnet18";

    /// <summary>Checkpoint format version (<see cref="CurrentFormatVersion"/> when written by this code).</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Network architecture; only <see cref="ResNet18Architecture"/> is supported.</summary>
    public string Architecture { get; init; } = ResNet18Architecture;

    /// <summary>Patch-set label predicted by each logit, in logit order.</summary>
    public required IReadOnlyList<int> ClassIds { get; init; }

    /// <summary>Display name of each logit's class, in logit order.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Per-channel mean subtracted from [0, 1] inputs (key <c>normalizationMean</c> in model files, kept for compatibility).</summary>
    [JsonPropertyName("normalizationMean")]
    public required float[] NormalisationMean { get; init; }

    /// <summary>Per-channel standard deviation the centred inputs are divided by (key <c>normalizationStd</c>).</summary>
    [JsonPropertyName("normalizationStd")]
    public required float[] NormalisationStd { get; init; }

    /// <summary>Side of the square input patches in pixels the model was trained on (0 = unknown).</summary>
    public int PatchSize { get; init; }

    /// <summary>How the model was trained, when it was trained by <c>saliency train</c>.</summary>
    public TrainingInfo? Training { get; init; }

    [JsonIgnore]
    public InputNormalisation Normalisation => new(NormalisationMean, NormalisationStd);

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses metadata JSON; throws <see cref="JsonException"/> on malformed or incomplete input.</summary>
    public static ModelMetadata FromJson(string json) =>
        JsonSerializer.Deserialize<ModelMetadata>(json, JsonOptions) ?? throw new JsonException("metadata is null");
}
