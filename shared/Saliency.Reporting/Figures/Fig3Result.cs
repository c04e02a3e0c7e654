namespace Saliency.Reporting.Figures;

/// <summary>What Fig. 3 shows: its PNG file and pixel size, the samples (rows), the variants (map columns) and the
/// normalisation names used (comma-separated when they differ per variant).</summary>
public sealed record Fig3Result(string PngPath, int Width, int Height, IReadOnlyList<string> Samples, IReadOnlyList<string> Variants, string Normalisations);
