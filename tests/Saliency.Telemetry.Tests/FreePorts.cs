using System.Net;
using System.Net.Sockets;

namespace Saliency.Telemetry.Tests;

/// <summary>Loopback ports free at the time of asking (the OS picks them; never fixed numbers).</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
