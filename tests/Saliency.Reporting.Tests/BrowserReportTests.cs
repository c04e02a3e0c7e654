using Saliency.Reporting.Tests.Browser;
using Saliency.TestFixtures;
using SkiaSharp;
using Xunit.Abstractions;

namespace Saliency.Reporting.Tests;

/// <summary>
/// The report of a real results folder opened in a real browser: headless Chromium (Debian's package, installed by
/// scripts/services/chromium.sh; another executable through $SALIENCY_CHROMIUM) driven over its DevTools protocol.
/// Without Chromium the tests fail and say how to install it. Screenshots and what the browser saw are kept under
/// <c>TestResults/browser/</c> at the repository root (<see cref="ArtifactDir"/>); the test output names them.
/// </summary>
public sealed class BrowserReportTests(ReportFixture report, ITestOutputHelper output) : IClassFixture<ReportFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    /// <summary>Where the screenshots go: <c>TestResults/browser</c> under the repository root.</summary>
    public static string ArtifactDir => RepositoryRoot.Combine("TestResults", "browser");

    [Fact]
    public async Task Report_opens_in_chromium_with_every_image_loaded_no_request_outside_its_folder_and_no_console_error()
    {
        var visit = await VisitAsync(report.Output.IndexHtml, "report");
        var expectedImages = report.Output.Files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).Select(Path.GetFileName).OfType<string>().ToList();
        Assert.Equal(["fig3.png", "fig5a.png", "fig5b.png", "fps.png"], expectedImages.Order(StringComparer.Ordinal));

        var problems = ReportPageCheck.Problems(visit, report.ReportDir, expectedImages);
        Assert.True(problems.Count == 0, $"The report in Chromium:\n{string.Join('\n', problems)}\nscreenshot: {visit.ScreenshotPath}");
        Assert.Equal(expectedImages.Count, visit.Images.Count);
        Assert.Contains(visit.Url, visit.Requests);
        Assert.Empty(visit.Errors);

        using var screenshot = SKBitmap.Decode(visit.ScreenshotPath);
        Assert.NotNull(screenshot);
        Assert.Equal((visit.Width, visit.Height), (screenshot.Width, screenshot.Height));
        int tallestImage = visit.Images.Max(i => i.NaturalHeight);
        Assert.True(visit.Height > tallestImage, $"the page is {visit.Height} px high, less than its tallest image ({tallestImage} px): not a full-page screenshot");
        Assert.True(screenshot.Pixels.Distinct().Take(100).Count() > 50, "the screenshot looks blank");
    }

    [Fact]
    public async Task A_broken_image_an_outside_url_and_a_console_error_are_each_reported()
    {
        using var copy = new TempDir();
        foreach (var file in Directory.GetFiles(report.ReportDir))
        {
            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        }

        var index = Path.Combine(copy.Path, ReportWriter.IndexFile);
        var html = File.ReadAllText(index);
        Assert.Contains("src=\"fig5b.png\"", html, StringComparison.Ordinal);
        html = html.Replace("src=\"fig5b.png\"", "src=\"fig5b-missing.png\"", StringComparison.Ordinal)
            .Replace("</head>", "<link rel=\"stylesheet\" href=\"https://fonts.example.org/report.css\">\n</head>", StringComparison.Ordinal)
            .Replace("</body>", "<script>console.error('planted console error');</script>\n</body>", StringComparison.Ordinal);
        File.WriteAllText(index, html);

        var visit = await VisitAsync(index, "planted-faults");
        var problems = ReportPageCheck.Problems(visit, copy.Path, ImageFiles(copy.Path));
        output.WriteLine(string.Join('\n', problems));
        Assert.Contains(problems, p => p.StartsWith("image not loaded: ", StringComparison.Ordinal) && p.EndsWith("fig5b-missing.png (complete=True, natural size 0 x 0)", StringComparison.Ordinal));
        Assert.Contains("report image not shown on the page: fig5b.png", problems);
        Assert.Contains("request outside the report folder: https://fonts.example.org/report.css", problems);
        Assert.Contains(problems, p => p.StartsWith("request failed: https://fonts.example.org/report.css", StringComparison.Ordinal));
        Assert.Contains("console: console.error: planted console error", problems);
    }

    private async Task<PageVisit> VisitAsync(string htmlPath, string name)
    {
        Directory.CreateDirectory(ArtifactDir);
        var screenshot = Path.Combine(ArtifactDir, name + ".png");
        File.Delete(screenshot);
        var visit = await PageVisitor.VisitAsync(htmlPath, screenshot, Timeout);
        var log = Path.Combine(ArtifactDir, name + ".txt");
        await File.WriteAllTextAsync(log, visit.Describe());
        output.WriteLine($"screenshot: {screenshot}\nwhat the browser saw: {log}");
        return visit;
    }

    private static List<string> ImageFiles(string dir) =>
        [.. Directory.GetFiles(dir, "*.png").Select(Path.GetFileName).OfType<string>()];
}
