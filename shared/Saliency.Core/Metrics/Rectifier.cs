namespace Saliency.Core.Metrics;

/// <summary>How a raw saliency map's signed values are mapped before min-max normalisation.</summary>
public enum Rectifier
{
    /// <summary>The map as is (signed values kept; the most negative value becomes 0 after normalisation).</summary>
    All,

    /// <summary>Absolute value, |x|.</summary>
    Abs,

    /// <summary>Rectified linear unit, max(x, 0).</summary>
    ReLU,
}
