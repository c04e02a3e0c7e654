namespace Saliency.Core.Data.Samples;

/// <summary>
/// A validation patch chosen for the saliency benchmark: its index in the patch-set file, where it came from, its
/// label (1..K, a defect class) and the model's softmax probability for that label (>= the threshold).
/// </summary>
public sealed record SelectedSample(int Index, string SourceId, int PatchIndex, int Label, double Confidence);
