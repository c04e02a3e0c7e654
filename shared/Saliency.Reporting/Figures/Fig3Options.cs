namespace Saliency.Reporting.Figures;

/// <summary>
/// Choices for Fig. 3. <see cref="Samples"/>: sample names (map folder names) to show, in that order; null = the
/// first <see cref="Count"/> map folders (in rows.csv order). <see cref="Normalisation"/>: one normalisation name
/// (e.g. <c>ReLU-99</c>) for every map; null = each variant's best normalisation from Table 3.
/// <see cref="CellWidth"/>: width of one image cell in pixels (height follows the patch's aspect ratio).
/// </summary>
public sealed record Fig3Options(int Count = 4, IReadOnlyList<string>? Samples = null, string? Normalisation = null, int CellWidth = 160);
