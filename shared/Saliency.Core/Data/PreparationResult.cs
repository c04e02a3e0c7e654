namespace Saliency.Core.Data;

/// <summary>What a <c>prepare</c> run produced and skipped.</summary>
/// <param name="Header">Header of the written patch set.</param>
/// <param name="Table">Table 1: patches per label and patches dropped by the background rule.</param>
/// <param name="ImagesUsed">Source images cut into patches.</param>
/// <param name="Issues">Skipped rows and images, with reasons.</param>
public sealed record PreparationResult(PatchSetHeader Header, PatchCountTable Table, int ImagesUsed, IReadOnlyList<DataIssue> Issues)
{
    public int SkippedRows => Issues.Count(i => i.Kind == InputIssueLog.RowKind);

    public int SkippedImages => Issues.Count(i => i.Kind == InputIssueLog.ImageKind);
}
