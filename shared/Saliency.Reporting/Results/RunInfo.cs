using System.Text.Json;

namespace Saliency.Reporting.Results;

/// <summary>Looks up values in run.json without fixing its schema (it is written by bench and by the cluster).</summary>
public static class RunInfo
{
    /// <summary>The first string value of a property named <c>device</c>, else <c>machine</c>, searched depth-first; null when absent.</summary>
    public static string? Device(string? runJson)
    {
        if (runJson is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(runJson);
            return FindString(document.RootElement, "device") ?? FindString(document.RootElement, "machine");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FindString(JsonElement element, string name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return property.Value.GetString();
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (FindString(property.Value, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindString(item, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
