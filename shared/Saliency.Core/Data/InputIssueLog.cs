namespace Saliency.Core.Data;

/// <summary>
/// Collects bad inputs that a preparation run skips. In strict mode the first problem is thrown instead, so a
/// run either succeeds on clean input or stops at the first bad row or image.
/// </summary>
public sealed class InputIssueLog
{
    private readonly List<DataIssue> issues = [];

    public InputIssueLog(bool strict = false) => Strict = strict;

    /// <summary>When true, <see cref="Skip"/> rethrows instead of recording.</summary>
    public bool Strict { get; }

    public IReadOnlyList<DataIssue> Issues => issues;

    /// <summary>Number of skipped csv rows.</summary>
    public int SkippedRows => issues.Count(i => i.Kind == RowKind);

    /// <summary>Number of skipped images.</summary>
    public int SkippedImages => issues.Count(i => i.Kind == ImageKind);

    public const string RowKind = "row";
    public const string ImageKind = "image";

    /// <summary>Records that a row or image is skipped because of <paramref name="problem"/>; throws it when strict.</summary>
    public void Skip(string kind, InputException problem)
    {
        if (Strict)
        {
            throw problem;
        }

        issues.Add(new DataIssue(kind, problem.Message));
    }
}
