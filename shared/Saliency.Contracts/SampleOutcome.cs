namespace Saliency.Contracts;

/// <summary>What happened to one sample of a shard.</summary>
[GenerateSerializer, Alias("saliency.SampleOutcome")]
public enum SampleOutcome
{
    /// <summary>Map computed and scored.</summary>
    Done = 0,

    /// <summary>The computation threw; <see cref="SampleResult.Reason"/> says why.</summary>
    Failed = 1,

    /// <summary>Not computed by design (e.g. the sample has an empty mask); <see cref="SampleResult.Reason"/> says why.</summary>
    Skipped = 2,
}
