namespace Saliency.Sweeps;

/// <summary>Value type of a method parameter in a sweep file.</summary>
public enum ParameterKind
{
    /// <summary>Whole number within [Min, Max].</summary>
    Integer,

    /// <summary>Real number within [Min, Max] (written in invariant culture, shortest round-trip form).</summary>
    Real,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of a fixed list of words.</summary>
    Choice,
}
