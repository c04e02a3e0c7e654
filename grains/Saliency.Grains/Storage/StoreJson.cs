using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saliency.Grains.Storage;

/// <summary>JSON settings of stored files: camelCase, enums as names, NaN/Infinity allowed (undefined scores).</summary>
internal static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };
}
