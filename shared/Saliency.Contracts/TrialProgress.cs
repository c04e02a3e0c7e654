namespace Saliency.Contracts;

/// <summary>Progress of one trial: shards and (sample, trial) results done out of the total.</summary>
[GenerateSerializer, Immutable, Alias("saliency.TrialProgress")]
public sealed record TrialProgress(
    [property: Id(0)] string TrialId,
    [property: Id(1)] string VariantId,
    [property: Id(2)] int ShardsDone,
    [property: Id(3)] int ShardsTotal,
    [property: Id(4)] int SamplesDone,
    [property: Id(5)] int SamplesTotal);
