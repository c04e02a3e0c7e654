using Saliency.Reporting.Figures;

namespace Saliency.Reporting;

/// <summary>Choices for a report; the defaults draw Fig. 3 from the first 4 map samples with each variant's best normalisation.</summary>
public sealed record ReportOptions(Fig3Options Fig3)
{
    public static ReportOptions Default { get; } = new(new Fig3Options());
}
