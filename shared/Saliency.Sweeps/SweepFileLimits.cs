using System.Text;
using Saliency.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Saliency.Sweeps;

/// <summary>
/// Size limits a sweep file must pass before it is parsed into a document, so that a hostile or mistaken file is
/// refused with its name and line instead of exhausting memory or time: at most <see cref="MaxFileBytes"/> bytes,
/// lines of at most <see cref="MaxLineLength"/> characters (checked while reading, so a 100 MB line is refused after
/// its first 64 KiB), and at most <see cref="MaxExpandedNodes"/> YAML nodes once every alias is expanded (a
/// "billion laughs" file has a few dozen lines and 10^9 nodes). Anchors and aliases within the limit are fine.
/// </summary>
public static class SweepFileLimits
{
    /// <summary>Largest sweep file, in bytes (the shipped ones are 1-2 KB).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Longest line, in characters.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Most YAML nodes (scalars, sequences, mappings) with every alias expanded.</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Reads the file's text, refusing an over-long line or an oversized file without reading the rest.</summary>
    /// <exception cref="InputException">Line too long (names the line) or file too large.</exception>
    public static string Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        int line = 1, column = 0, read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    line++;
                    column = 0;
                }
                else if (++column > MaxLineLength)
                {
                    throw LineTooLong(path, line);
                }
            }

            text.Append(buffer, 0, read);
            if (text.Length > MaxFileBytes)
            {
                // UTF-8 has at least one byte per character, so the file is over the limit too; stop reading.
                throw TooLarge(path, new FileInfo(path).Length);
            }
        }

        if (new FileInfo(path).Length > MaxFileBytes)
        {
            throw TooLarge(path, new FileInfo(path).Length);
        }

        return text.ToString();
    }

    /// <summary>Checks text already in memory: length, line lengths and the node count with aliases expanded.</summary>
    /// <exception cref="InputException">A limit is exceeded; the message names <paramref name="source"/> and the line.</exception>
    public static void Check(string yaml, string source)
    {
        int line = 1, column = 0;
        foreach (var c in yaml)
        {
            if (c == '\n')
            {
                line++;
                column = 0;
            }
            else if (++column > MaxLineLength)
            {
                throw LineTooLong(source, line);
            }
        }

        if (yaml.Length > MaxFileBytes)
        {
            throw TooLarge(source, Encoding.UTF8.GetByteCount(yaml));
        }

        CheckExpandedSize(yaml, source);
    }

    /// <summary>
    /// Walks the parser's events (no document is built) adding up each node's size, where an alias counts as the
    /// whole anchored node it stands for; stops at the first node that takes the total past the limit.
    /// </summary>
    private static void CheckExpandedSize(string yaml, string source)
    {
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Size)>();
        long total = 0;
        var parser = new Parser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
                long size;
                string? anchor;
                switch (parser.Current)
                {
                    case SequenceStart start:
                        open.Push((AnchorName(start.Anchor), 1));
                        continue;
                    case MappingStart start:
                        open.Push((AnchorName(start.Anchor), 1));
                        continue;
                    case SequenceEnd or MappingEnd:
                        (anchor, size) = open.Pop();
                        break;
                    case Scalar scalar:
                        (anchor, size) = (AnchorName(scalar.Anchor), 1);
                        break;
                    case AnchorAlias alias:
                        anchor = null;
                        size = anchors.GetValueOrDefault(alias.Value.Value, 1);
                        break;
                    default:
                        continue;
                }

                if (anchor is not null)
                {
                    anchors[anchor] = size;
                }

                if (open.Count > 0)
                {
                    var (parentAnchor, parentSize) = open.Pop();
                    open.Push((parentAnchor, parentSize + size));
                    size = parentSize + size;
                }
                else
                {
                    total += size;
                    size = total;
                }

                if (size > MaxExpandedNodes)
                {
                    var where = parser.Current!.Start;
                    var what = parser.Current is AnchorAlias a ? $"the alias '*{a.Value.Value}' here" : "the node ending here";
                    throw new InputException(
                        $"with its aliases expanded the sweep file has more than {MaxExpandedNodes} YAML nodes ({what} takes it past the limit; an alias bomb?)",
                        source,
                        (int)where.Line,
                        "yaml");
                }
            }
        }
        catch (YamlException)
        {
            // Malformed YAML: the document parser that runs next reports it with its line.
        }
        catch (InvalidOperationException)
        {
            // As above (an unclosed flow collection or quote at the end).
        }
    }

    private static string? AnchorName(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static InputException LineTooLong(string source, int line) =>
        new($"line {line} is longer than {MaxLineLength} characters; a sweep file has short lines", source, line, "yaml");

    private static InputException TooLarge(string source, long bytes) =>
        new($"the sweep file is {bytes} bytes, more than the {MaxFileBytes} a sweep file may have", source, field: "yaml");
}
