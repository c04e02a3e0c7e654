namespace Saliency.Contracts;

/// <summary>Candidate sets of a rule-based <see cref="SampleSelectionSpec"/>.</summary>
public static class SampleSplits
{
    /// <summary>Every patch of the data set.</summary>
    public const string All = "all";

    /// <summary>The validation split recorded in the model's checkpoint (seed and fraction of <c>saliency train</c>).</summary>
    public const string Validation = "validation";
}
