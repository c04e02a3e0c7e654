using System.CommandLine;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>Options and arguments shared by the <c>sweep</c> commands.</summary>
internal static class SweepOptions
{
    public static Option<string?> Cluster() => new("--cluster")
    {
        Description = "Gateway address(es) host:port[,host:port], or redis://CONNECTION to find them in Redis (default $SALIENCY_CLUSTER, redis when Saliency__Silo__Clustering=redis, else localhost:30000)",
    };

    public static Argument<string> SweepId() => new("ID") { Description = "Sweep id (as printed by submit or list)" };
}
