namespace Saliency.Reporting;

/// <summary>A written report: its folder, the <c>index.html</c> path and every file written (full paths).</summary>
public sealed record ReportOutput(string Directory, string IndexHtml, IReadOnlyList<string> Files);
