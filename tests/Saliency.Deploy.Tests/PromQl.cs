using System.Text.RegularExpressions;

namespace Saliency.Deploy.Tests;

/// <summary>
/// Just enough PromQL to find which metrics and labels an expression names: strings, label matchers and range
/// selectors are read apart, grouping clauses give label names, and the remaining identifiers that are not
/// functions, keywords or Grafana variables are metric names.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    ];

    /// <summary>Metric names used by the expression.</summary>
    public static IReadOnlySet<string> Metrics(string expr)
    {
        var stripped = GroupingClause().Replace(Range().Replace(Matchers().Replace(Strings().Replace(expr, "\"\""), " "), " "), " ");
        return Identifier().Matches(stripped)
            .Where(m => !IsFunctionCall(stripped, m) && !Keywords.Contains(m.Value) && !IsVariable(stripped, m))
            .Select(m => m.Value)
            .ToHashSet();
    }

    /// <summary>Label names used in matchers (<c>{x="..."}</c>) and grouping clauses (<c>by (x, y)</c>).</summary>
    public static IReadOnlySet<string> Labels(string expr)
    {
        var noStrings = Strings().Replace(expr, "\"\"");
        var fromMatchers = Matchers().Matches(noStrings)
            .SelectMany(m => MatcherLabel().Matches(m.Value).Select(l => l.Groups[1].Value));
        var fromGroups = GroupingClause().Matches(noStrings)
            .SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return fromMatchers.Concat(fromGroups).ToHashSet();
    }

    private static bool IsFunctionCall(string text, Match m)
    {
        var after = m.Index + m.Length;
        while (after < text.Length && text[after] == ' ')
        {
            after++;
        }

        return after < text.Length && text[after] == '(';
    }

    private static bool IsVariable(string text, Match m) => m.Index > 0 && text[m.Index - 1] == '$';

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)")]
    private static partial Regex MatcherLabel();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)")]
    private static partial Regex GroupingClause();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
