namespace Saliency.Core.Data;

/// <summary>One skipped input (a csv row or an image) and why, as reported by a preparation run.</summary>
/// <param name="Kind">What was skipped: <c>"row"</c> or <c>"image"</c>.</param>
/// <param name="Message">The full message, naming file, line and field (the <see cref="InputException"/> text).</param>
public sealed record DataIssue(string Kind, string Message);
