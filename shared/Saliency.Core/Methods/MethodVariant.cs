using System.Globalization;

namespace Saliency.Core.Methods;

/// <summary>
/// One saliency method with fixed parameters, e.g. <c>SmoothGrad(batched=true,n=50)</c>. Parameters are kept
/// sorted by name so that <see cref="Id"/> is canonical: the same variant always has the same id, which the
/// benchmark, the cluster's trial ids and the report all key on.
/// </summary>
public sealed record MethodVariant
{
    public MethodVariant(string method, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        if (string.IsNullOrWhiteSpace(method))
        {
            throw new ArgumentException("method name is empty", nameof(method));
        }

        Method = method;
        Parameters = new SortedDictionary<string, string>(
            (parameters ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>Method name as registered (e.g. <c>VanillaGrad</c>, <c>ScoreCAM</c>).</summary>
    public string Method { get; }

    /// <summary>Parameters, sorted by name; values in invariant-culture text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Canonical id: <c>Method</c> or <c>Method(k1=v1,k2=v2)</c> with keys sorted.</summary>
    public string Id => Parameters.Count == 0
        ? Method
        : $"{Method}({string.Join(",", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    public override string ToString() => Id;

    public bool Equals(MethodVariant? other) => other is not null && Id == other.Id;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <summary>Parses an id written by <see cref="Id"/>.</summary>
    public static MethodVariant Parse(string id)
    {
        var open = id.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return new MethodVariant(id.Trim());
        }

        if (!id.EndsWith(')'))
        {
            throw new InputException($"malformed method variant '{id}' (missing ')')", field: "method");
        }

        var pairs = id[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InputException($"malformed parameter '{p}' in '{id}' (expected key=value)", field: "method");
            }

            return KeyValuePair.Create(p[..eq].Trim(), p[(eq + 1)..].Trim());
        });
        return new MethodVariant(id[..open].Trim(), pairs);
    }

    /// <summary>Parameter value as an integer, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string name, int fallback) =>
        Parameters.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
