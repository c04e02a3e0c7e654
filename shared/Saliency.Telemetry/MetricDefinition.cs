namespace Saliency.Telemetry;

/// <summary>
/// One metric the cluster exports: its OpenTelemetry instrument name (dotted), unit (UCUM; <c>{...}</c> annotations
/// for counts), kind, and the label keys it is recorded with (a subset of <see cref="MetricLabels.All"/>).
/// </summary>
public sealed record MetricDefinition(
    string Name,
    string? Unit,
    MetricKind Kind,
    IReadOnlyList<string> Labels,
    string Description);
