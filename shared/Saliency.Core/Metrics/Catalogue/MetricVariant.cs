namespace Saliency.Core.Metrics.Catalogue;

/// <summary>
/// One metric with fixed parameters, as a sweep's <c>metrics:</c> list names it: <c>deletion</c>,
/// <c>insertion(replacement=mean,steps=50)</c>, <c>road(order=most)</c>. The syntax is the one method variants use;
/// parameters are kept sorted by name so that <see cref="Id"/> is canonical. Metric names are lower case.
/// </summary>
public sealed record MetricVariant
{
    public MetricVariant(string metric, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        if (string.IsNullOrWhiteSpace(metric))
        {
            throw new ArgumentException("metric name is empty", nameof(metric));
        }

        Metric = metric;
        Parameters = new SortedDictionary<string, string>(
            (parameters ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>Metric name (e.g. <c>deletion</c>).</summary>
    public string Metric { get; }

    /// <summary>Parameters, sorted by name; values in invariant-culture text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Canonical id: <c>metric</c> or <c>metric(k1=v1,k2=v2)</c> with keys sorted.</summary>
    public string Id => Parameters.Count == 0
        ? Metric
        : $"{Metric}({string.Join(",", Parameters.Select(p => $"{p.Key}={p.Value}"))})";

    public override string ToString() => Id;

    public bool Equals(MetricVariant? other) => other is not null && Id == other.Id;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <summary>Parses an id written by <see cref="Id"/> (spaces around names and values are ignored).</summary>
    /// <exception cref="InputException">A missing ')' or a parameter without '='; field <c>metric</c>.</exception>
    public static MetricVariant Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var open = id.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return new MetricVariant(id.Trim());
        }

        if (!id.TrimEnd().EndsWith(')'))
        {
            throw new InputException($"malformed metric '{id}' (missing ')')", field: "metric");
        }

        var inner = id.TrimEnd()[(open + 1)..^1];
        var pairs = inner.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            return eq <= 0
                ? throw new InputException($"malformed parameter '{p}' in '{id}' (expected key=value)", field: "metric")
                : KeyValuePair.Create(p[..eq].Trim(), p[(eq + 1)..].Trim());
        });
        return new MetricVariant(id[..open].Trim(), pairs);
    }
}
