using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Saliency.Grains.Scheduling;

/// <summary>How the sweep tells the cluster's failures from the computation's.</summary>
public static class ClusterFailures
{
    /// <summary>Failures of the cluster rather than of the computation: a dead or unreachable silo, a lost message.</summary>
    public static bool IsInfrastructure(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or TimeoutException
            or GatewayTooBusyException
        || (e.InnerException is not null && IsInfrastructure(e.InnerException));

    /// <summary>
    /// Orleans' runtime refuses calls from an activation it has invalidated with an <see cref="InvalidOperationException"/>
    /// ("Attempt to access an invalid activation"); there is no dedicated exception type to test for.
    /// </summary>
    public static bool IsLostActivation(Exception e) =>
        (e is InvalidOperationException && e.Message.StartsWith("Attempt to access an invalid activation", StringComparison.Ordinal))
        || (e.InnerException is not null && IsLostActivation(e.InnerException));
}
