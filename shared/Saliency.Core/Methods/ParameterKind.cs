namespace Saliency.Core.Methods;

/// <summary>Value type of a method parameter.</summary>
public enum ParameterKind
{
    /// <summary>Whole number within the parameter's bounds.</summary>
    Integer,

    /// <summary>Finite real number within the parameter's bounds (invariant culture, shortest round-trip text).</summary>
    Real,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of a fixed list of words (matched case-insensitively, written in the list's spelling).</summary>
    Choice,
}
