using System.Globalization;
using System.Text.Json;

namespace Saliency.Reporting.Tests.Browser;

/// <summary>One <c>&lt;img&gt;</c> of a page after loading: its resolved URL, load state, decoded size and the size its attributes declare.</summary>
internal sealed record PageImage(string Src, bool Complete, int NaturalWidth, int NaturalHeight, int? DeclaredWidth, int? DeclaredHeight);

/// <summary>
/// What headless Chromium saw when it opened a page: every request URL (Network.requestWillBeSent, in order), the
/// requests that failed (Network.loadingFailed), every console message, uncaught exception and browser log entry
/// (<see cref="Messages"/>, with the errors among them in <see cref="Errors"/>), the page's images, its full size
/// in CSS pixels and the path of the full-page screenshot.
/// </summary>
internal sealed record PageVisit(
    string Url,
    IReadOnlyList<string> Requests,
    IReadOnlyList<string> FailedRequests,
    IReadOnlyList<string> Messages,
    IReadOnlyList<string> Errors,
    IReadOnlyList<PageImage> Images,
    int Width,
    int Height,
    string ScreenshotPath)
{
    /// <summary>Everything seen, as text (kept beside the screenshot).</summary>
    public string Describe() => string.Join('\n', [
        $"page: {Url} ({Width} x {Height} CSS px)",
        $"screenshot: {ScreenshotPath}",
        "requests:", .. Requests.Select(r => "  " + r),
        "failed requests:", .. FailedRequests.Select(r => "  " + r),
        "images:", .. Images.Select(i => $"  {i.Src} complete={i.Complete} natural={i.NaturalWidth}x{i.NaturalHeight} declared={i.DeclaredWidth}x{i.DeclaredHeight}"),
        "console and log:", .. Messages.Select(m => "  " + m),
        string.Empty,
    ]);
}

/// <summary>
/// Opens a page in a fresh headless Chromium over the DevTools protocol (<see cref="DevToolsClient"/>): enables the
/// Page, Runtime, Log and Network domains, navigates, waits for the load event and for every request to finish or
/// fail, reads the images' state with JavaScript and saves a full-page PNG screenshot.
/// </summary>
internal static class PageVisitor
{
    private const string ImagesScript =
        "JSON.stringify(Array.from(document.images, i => ({src: i.currentSrc || i.src, complete: i.complete, " +
        "width: i.naturalWidth, height: i.naturalHeight, declaredWidth: i.getAttribute('width'), declaredHeight: i.getAttribute('height')})))";

    public static async Task<PageVisit> VisitAsync(string htmlPath, string screenshotPath, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var ct = cancel.Token;
        using var chromium = await HeadlessChromium.StartAsync(timeout);
        await using var devtools = await DevToolsClient.ConnectAsync(chromium.DevToolsUrl, ct);
        var target = await devtools.SendAsync("Target.createTarget", new { url = "about:blank" }, null, ct);
        var attached = await devtools.SendAsync("Target.attachToTarget", new { targetId = target.GetProperty("targetId").GetString(), flatten = true }, null, ct);
        var session = attached.GetProperty("sessionId").GetString()!;
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" })
        {
            await devtools.SendAsync(domain + ".enable", null, session, ct);
        }

        var url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri;
        var navigated = await devtools.SendAsync("Page.navigate", new { url }, session, ct);
        if (navigated.TryGetProperty("errorText", out var navigationError))
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {navigationError.GetString()}");
        }

        await devtools.WaitForAsync(e => e.SessionId == session && e.Method == "Page.loadEventFired", ct);
        await SettleAsync(devtools, session, ct);

        var imagesJson = await devtools.SendAsync("Runtime.evaluate", new { expression = ImagesScript, returnByValue = true }, session, ct);
        var images = ParseImages(imagesJson.GetProperty("result").GetProperty("value").GetString()!);

        var metrics = await devtools.SendAsync("Page.getLayoutMetrics", null, session, ct);
        var content = metrics.GetProperty("cssContentSize");
        int width = (int)Math.Ceiling(content.GetProperty("width").GetDouble());
        int height = (int)Math.Ceiling(content.GetProperty("height").GetDouble());
        var shot = await devtools.SendAsync(
            "Page.captureScreenshot",
            new { format = "png", captureBeyondViewport = true, clip = new { x = 0, y = 0, width, height, scale = 1 } },
            session,
            ct);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshotPath)!);
        await File.WriteAllBytesAsync(screenshotPath, Convert.FromBase64String(shot.GetProperty("data").GetString()!), ct);

        var events = devtools.Events().Where(e => e.SessionId == session).ToList();
        var messages = new List<string>();
        var errors = new List<string>();
        foreach (var e in events)
        {
            switch (e.Method)
            {
                case "Runtime.consoleAPICalled":
                {
                    var type = e.Params.GetProperty("type").GetString()!;
                    var text = $"console.{type}: {string.Join(' ', e.Params.GetProperty("args").EnumerateArray().Select(ArgumentText))}";
                    messages.Add(text);
                    if (type is "error" or "assert")
                    {
                        errors.Add(text);
                    }

                    break;
                }

                case "Runtime.exceptionThrown":
                {
                    var details = e.Params.GetProperty("exceptionDetails");
                    var description = details.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var d) ? d.GetString() : null;
                    var text = $"uncaught exception: {description ?? details.GetProperty("text").GetString()}";
                    messages.Add(text);
                    errors.Add(text);
                    break;
                }

                case "Log.entryAdded":
                {
                    var entry = e.Params.GetProperty("entry");
                    var level = entry.GetProperty("level").GetString();
                    var source = entry.TryGetProperty("url", out var u) ? $" ({u.GetString()})" : string.Empty;
                    var text = $"log {level} [{entry.GetProperty("source").GetString()}]: {entry.GetProperty("text").GetString()}{source}";
                    messages.Add(text);
                    if (level == "error")
                    {
                        errors.Add(text);
                    }

                    break;
                }
            }
        }

        var requests = events.Where(e => e.Method == "Network.requestWillBeSent")
            .Select(e => e.Params.GetProperty("request").GetProperty("url").GetString()!).ToList();
        var urlsById = events.Where(e => e.Method == "Network.requestWillBeSent")
            .GroupBy(e => e.Params.GetProperty("requestId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Last().Params.GetProperty("request").GetProperty("url").GetString()!);
        var failed = events.Where(e => e.Method == "Network.loadingFailed")
            .Select(e => $"{urlsById.GetValueOrDefault(e.Params.GetProperty("requestId").GetString()!, "?")}: {e.Params.GetProperty("errorText").GetString()}")
            .ToList();
        return new PageVisit(url, requests, failed, messages, errors, images, width, height, screenshotPath);
    }

    /// <summary>Waits until every request seen so far has finished or failed and nothing new arrived for a moment (at most 5 s).</summary>
    private static async Task SettleAsync(DevToolsClient devtools, string session, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            var events = devtools.Events().Where(e => e.SessionId == session).ToList();
            var open = events.Where(e => e.Method == "Network.requestWillBeSent").Select(RequestId).ToHashSet();
            open.ExceptWith(events.Where(e => e.Method is "Network.loadingFinished" or "Network.loadingFailed").Select(RequestId));
            if (open.Count == 0 && events.Count == seen)
            {
                return;
            }

            seen = events.Count;
            await Task.Delay(250, ct);
        }
    }

    private static string RequestId(DevToolsEvent e) => e.Params.GetProperty("requestId").GetString()!;

    private static string ArgumentText(JsonElement argument) =>
        argument.TryGetProperty("value", out var value) ? (value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText())
        : argument.TryGetProperty("description", out var description) ? description.GetString()!
        : argument.GetProperty("type").GetString()!;

    private static List<PageImage> ParseImages(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(i => new PageImage(
            i.GetProperty("src").GetString()!,
            i.GetProperty("complete").GetBoolean(),
            i.GetProperty("width").GetInt32(),
            i.GetProperty("height").GetInt32(),
            Declared(i.GetProperty("declaredWidth")),
            Declared(i.GetProperty("declaredHeight"))))];
    }

    private static int? Declared(JsonElement attribute) =>
        attribute.ValueKind == JsonValueKind.String && int.TryParse(attribute.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
}
