namespace Saliency.Core;

/// <summary>
/// Bad user input (a file, a row, a field, a parameter). The message always names where the problem is, so the
/// CLI can print it as is and exit without a stack trace.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message, string? file = null, int? line = null, string? field = null, Exception? inner = null)
        : base(Format(message, file, line, field), inner)
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The file the problem is in, when there is one.</summary>
    public string? File { get; }

    /// <summary>1-based line number in <see cref="File"/>, when known.</summary>
    public int? Line { get; }

    /// <summary>The field, column, option or parameter at fault, when known.</summary>
    public string? Field { get; }

    private static string Format(string message, string? file, int? line, string? field)
    {
        var where = file is null ? string.Empty : line is null ? $"{file}: " : $"{file}:{line}: ";
        var what = field is null ? string.Empty : $"{field}: ";
        return where + what + message;
    }
}
