namespace Saliency.Core.Data.Synthetic;

/// <summary>What <see cref="SyntheticSeverstalGenerator.Generate"/> wrote.</summary>
/// <param name="Images">Images written.</param>
/// <param name="DefectFreeImages">Images without any csv row.</param>
/// <param name="Rows">Rows of <c>train.csv</c> (image, class) pairs.</param>
/// <param name="CsvPath">Path of <c>train.csv</c>.</param>
public sealed record SyntheticSummary(int Images, int DefectFreeImages, int Rows, string CsvPath);
