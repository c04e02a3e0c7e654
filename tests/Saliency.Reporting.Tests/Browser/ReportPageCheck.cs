namespace Saliency.Reporting.Tests.Browser;

/// <summary>
/// What must hold for a report page opened in a browser (docs/report.md, "index.html"): every image loaded, decoded
/// with a non-zero size equal to the size its attributes declare; the page's images are exactly the report's image
/// files; every request stayed inside the report folder (file:// URLs under it, or data: URLs) and none failed; no
/// console error, uncaught exception or browser log error.
/// </summary>
internal static class ReportPageCheck
{
    /// <summary>The broken rules, one line each (empty when the page is fine).</summary>
    public static IReadOnlyList<string> Problems(PageVisit visit, string reportDir, IReadOnlyCollection<string> expectedImages)
    {
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(reportDir)) + Path.DirectorySeparatorChar;
        var problems = new List<string>();
        foreach (var image in visit.Images)
        {
            if (!image.Complete || image.NaturalWidth <= 0 || image.NaturalHeight <= 0)
            {
                problems.Add($"image not loaded: {image.Src} (complete={image.Complete}, natural size {image.NaturalWidth} x {image.NaturalHeight})");
            }
            else if (image.DeclaredWidth != image.NaturalWidth || image.DeclaredHeight != image.NaturalHeight)
            {
                problems.Add($"image {image.Src} is {image.NaturalWidth} x {image.NaturalHeight} but the page declares {image.DeclaredWidth} x {image.DeclaredHeight}");
            }
        }

        var shown = visit.Images.Select(i => RelativeFile(i.Src, folder) ?? i.Src).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in expectedImages.Where(e => !shown.Contains(e)).Order(StringComparer.Ordinal))
        {
            problems.Add($"report image not shown on the page: {missing}");
        }

        foreach (var extra in shown.Where(s => !expectedImages.Contains(s)).Order(StringComparer.Ordinal))
        {
            problems.Add($"image on the page that is not one of the report's image files: {extra}");
        }

        foreach (var request in visit.Requests.Distinct(StringComparer.Ordinal))
        {
            if (!request.StartsWith("data:", StringComparison.Ordinal) && RelativeFile(request, folder) is null)
            {
                problems.Add($"request outside the report folder: {request}");
            }
        }

        problems.AddRange(visit.FailedRequests.Select(f => $"request failed: {f}"));
        problems.AddRange(visit.Errors.Select(e => $"console: {e}"));
        return problems;
    }

    /// <summary>The path relative to <paramref name="folder"/> of a file:// URL inside it, else null.</summary>
    private static string? RelativeFile(string url, string folder)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var path = Path.GetFullPath(uri.LocalPath);
        return path.StartsWith(folder, StringComparison.Ordinal) ? Path.GetRelativePath(folder, path).Replace('\\', '/') : null;
    }
}
