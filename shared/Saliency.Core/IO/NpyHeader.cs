using System.Globalization;

namespace Saliency.Core.IO;

/// <summary>
/// The header dict of a .npy file, parsed as the Python literal numpy writes (<c>{'descr': '&lt;f4',
/// 'fortran_order': False, 'shape': (2, 3), }</c>): string keys in single or double quotes, values a string,
/// <c>True</c>/<c>False</c> or a tuple of non-negative integers (a trailing <c>L</c> from Python 2 allowed), an
/// optional trailing comma, whitespace anywhere. As in <c>numpy.load</c>, the keys must be exactly <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c>, each once. Problems are <see cref="InputException"/>s naming the file and
/// the field (<c>header</c>, <c>descr</c>, <c>fortran_order</c> or <c>shape</c>).
/// </summary>
internal sealed record NpyHeader(string Descr, NpyDType DType, bool BigEndian, bool FortranOrder, int[] Shape, long Count)
{
    private static readonly string[] Keys = ["descr", "fortran_order", "shape"];

    public static NpyHeader Parse(string text, string name)
    {
        var values = new Reader(text, name).ReadDict();
        foreach (var key in Keys)
        {
            if (!values.ContainsKey(key))
            {
                throw new InputException($"header has no '{key}' key", file: name, field: key);
            }
        }

        if (values["descr"] is not string descr)
        {
            throw new InputException(
                values["descr"] is ListValue
                    ? "structured dtypes (a list of fields) are not supported; save a plain numeric array"
                    : "'descr' is not a string",
                file: name,
                field: "descr");
        }

        var (dtype, bigEndian) = ParseDescr(descr, name);
        if (values["fortran_order"] is not bool fortran)
        {
            throw new InputException("'fortran_order' is not True or False", file: name, field: "fortran_order");
        }

        if (values["shape"] is not int[] shape)
        {
            throw new InputException("'shape' is not a tuple of integers", file: name, field: "shape");
        }

        long count = 1;
        foreach (var axis in shape)
        {
            count *= axis;
            if (count > Array.MaxLength)
            {
                throw new InputException($"array of shape {NpyArray.ShapeText(shape)} is too large", file: name, field: "shape");
            }
        }

        return new NpyHeader(descr, dtype, bigEndian, fortran, shape, count);
    }

    /// <summary>The little-endian descr numpy writes for <paramref name="dtype"/> (<c>|</c> for 1-byte types).</summary>
    public static string LittleEndianDescr(NpyDType dtype) => dtype switch
    {
        NpyDType.Bool => "|b1",
        NpyDType.Int8 => "|i1",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int16 => "<i2",
        NpyDType.UInt16 => "<u2",
        NpyDType.Int32 => "<i4",
        NpyDType.UInt32 => "<u4",
        NpyDType.Int64 => "<i8",
        NpyDType.UInt64 => "<u8",
        NpyDType.Float16 => "<f2",
        NpyDType.Float32 => "<f4",
        _ => "<f8",
    };

    /// <summary>A descr of the form [byte order] kind size: order one of <c>&lt; &gt; | =</c> (the last two: this
    /// machine's), kind <c>b</c> (size 1), <c>i</c>/<c>u</c> (1, 2, 4, 8) or <c>f</c> (2, 4, 8).</summary>
    private static (NpyDType DType, bool BigEndian) ParseDescr(string descr, string name)
    {
        var body = descr;
        bool bigEndian = !BitConverter.IsLittleEndian;
        if (body.Length > 0 && body[0] is '<' or '>' or '|' or '=')
        {
            bigEndian = body[0] switch { '<' => false, '>' => true, _ => bigEndian };
            body = body[1..];
        }

        NpyDType? dtype = body switch
        {
            "b1" or "?" => NpyDType.Bool,
            "i1" => NpyDType.Int8,
            "u1" => NpyDType.UInt8,
            "i2" => NpyDType.Int16,
            "u2" => NpyDType.UInt16,
            "i4" => NpyDType.Int32,
            "u4" => NpyDType.UInt32,
            "i8" => NpyDType.Int64,
            "u8" => NpyDType.UInt64,
            "f2" => NpyDType.Float16,
            "f4" => NpyDType.Float32,
            "f8" => NpyDType.Float64,
            _ => null,
        };
        return dtype is { } known
            ? (known, bigEndian)
            : throw new InputException(
                $"unsupported dtype '{descr}' (supported: bool b1, integers i1/u1 to i8/u8, floats f2, f4, f8; little- or big-endian)",
                file: name,
                field: "descr");
    }

    /// <summary>Marks a list value (numpy writes one for a structured dtype).</summary>
    private sealed class ListValue
    {
    }

    /// <summary>A small recursive-descent reader for the dict literal; positions in messages are 0-based characters.</summary>
    private sealed class Reader(string text, string name)
    {
        private int _pos;

        public Dictionary<string, object> ReadDict()
        {
            var dict = new Dictionary<string, object>(StringComparer.Ordinal);
            SkipSpace();
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (TryTake('}'))
                {
                    break;
                }

                int keyAt = _pos;
                var key = ReadString();
                if (!Keys.Contains(key))
                {
                    throw Fail($"unexpected key '{key}' at character {keyAt} (numpy.load accepts only descr, fortran_order and shape)");
                }

                SkipSpace();
                Expect(':');
                SkipSpace();
                var value = ReadValue(key);
                if (!dict.TryAdd(key, value))
                {
                    throw new InputException($"key '{key}' appears twice in the header (character {keyAt})", file: name, field: key);
                }

                SkipSpace();
                if (TryTake(','))
                {
                    continue;
                }

                Expect('}');
                break;
            }

            SkipSpace();
            if (_pos != text.Length)
            {
                throw Fail($"unexpected text after the header dict at character {_pos}");
            }

            return dict;
        }

        private object ReadValue(string key)
        {
            if (_pos >= text.Length)
            {
                throw Fail("the header ends inside the dict");
            }

            char c = text[_pos];
            if (c is '\'' or '"')
            {
                return ReadString();
            }

            if (c == '(')
            {
                return ReadShape(key);
            }

            if (c == '[')
            {
                SkipBracketed();
                return new ListValue();
            }

            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0)
                {
                    _pos += word.Length;
                    return value;
                }
            }

            throw new InputException($"unexpected value at character {_pos} ('{Excerpt()}')", file: name, field: key);
        }

        private int[] ReadShape(string key)
        {
            Expect('(');
            var axes = new List<int>();
            while (true)
            {
                SkipSpace();
                if (TryTake(')'))
                {
                    return [.. axes];
                }

                int start = _pos;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                {
                    _pos++;
                }

                var digits = text[start.._pos];
                TryTake('L');
                if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var axis))
                {
                    throw new InputException(
                        digits.Length == 0
                            ? $"expected a non-negative axis length at character {start} ('{Excerpt(start)}')"
                            : $"axis length {digits} is too large",
                        file: name,
                        field: key);
                }

                axes.Add(axis);
                SkipSpace();
                if (!TryTake(','))
                {
                    SkipSpace();
                    if (!TryTake(')'))
                    {
                        throw new InputException($"expected ',' or ')' in the shape at character {_pos} ('{Excerpt()}')", file: name, field: key);
                    }

                    if (axes.Count == 1)
                    {
                        throw new InputException("a one-axis shape must be written '(n,)'; '(n)' is not a tuple", file: name, field: key);
                    }

                    return [.. axes];
                }
            }
        }

        private string ReadString()
        {
            if (_pos >= text.Length || text[_pos] is not ('\'' or '"'))
            {
                throw Fail($"expected a quoted string at character {_pos} ('{Excerpt()}')");
            }

            char quote = text[_pos];
            int end = text.IndexOf(quote, _pos + 1);
            if (end < 0)
            {
                throw Fail($"unterminated string starting at character {_pos}");
            }

            var value = text[(_pos + 1)..end];
            if (value.Contains('\\'))
            {
                throw Fail($"escape sequences are not expected in header strings (character {_pos})");
            }

            _pos = end + 1;
            return value;
        }

        private void SkipBracketed()
        {
            int depth = 0;
            int start = _pos;
            do
            {
                if (_pos >= text.Length)
                {
                    throw Fail($"unbalanced brackets from character {start}");
                }

                depth += text[_pos] switch { '[' or '(' => 1, ']' or ')' => -1, _ => 0 };
                _pos++;
            }
            while (depth > 0);
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
        }

        private bool TryTake(char c)
        {
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Fail(_pos >= text.Length
                    ? $"the header ends where '{c}' was expected (not a complete Python dict literal)"
                    : $"expected '{c}' at character {_pos}, found '{Excerpt()}' (not a Python dict literal)");
            }
        }

        private string Excerpt(int? at = null)
        {
            int from = at ?? _pos;
            return from >= text.Length ? string.Empty : text.Substring(from, Math.Min(20, text.Length - from)).ReplaceLineEndings(" ");
        }

        private InputException Fail(string message) => new(message, file: name, field: "header");
    }
}
