namespace Saliency.Silo.Hosting.Simulation;

/// <summary>One work-grain call of a shard as the work grain saw it: on which device, from when to when (Stopwatch timestamps).</summary>
public sealed record ShardCall(Saliency.Contracts.ShardKey Key, int Device, long Start, long End, bool Succeeded);
