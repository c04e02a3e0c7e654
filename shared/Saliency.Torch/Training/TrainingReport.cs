using System.Text.Json;
using System.Text.Json.Serialization;
using Saliency.Torch.Model;

namespace Saliency.Torch.Training;

/// <summary>
/// The JSON written beside a trained model (<c>model.safetensors</c> -> <c>model.json</c>): the checkpoint's
/// metadata, per-epoch statistics, per-class counts and the validation confusion matrix (rows = true class,
/// columns = predicted class, both in logit order = <see cref="ModelMetadata.ClassIds"/>). NaN (no validation data)
/// is written as the string "NaN".
/// </summary>
public sealed record TrainingReport(
    string Model,
    ModelMetadata Metadata,
    IReadOnlyList<EpochStats> Epochs,
    int[] TrainClassCounts,
    int[] ValidationClassCounts,
    int ExcludedMultiple,
    int[][] ConfusionMatrix,
    double ValidationAccuracy)
{
    private static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report path for a model path: same folder and stem, extension <c>.json</c>.</summary>
    public static string PathFor(string modelPath) => System.IO.Path.ChangeExtension(modelPath, ".json");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));

    public static TrainingReport Load(string path) =>
        JsonSerializer.Deserialize<TrainingReport>(File.ReadAllText(path), JsonOptions) ?? throw new JsonException("null report");
}
