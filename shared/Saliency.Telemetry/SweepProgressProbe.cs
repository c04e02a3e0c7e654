namespace Saliency.Telemetry;

/// <summary>Progress of one running sweep: samples done (counted once, whatever the outcome) and samples in total.</summary>
public sealed record SweepProgressProbe(Func<long> SamplesDone, Func<long> SamplesTotal);
