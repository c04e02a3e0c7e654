using System.Net.Sockets;
using System.Text;

namespace Saliency.TestFixtures;

/// <summary>
/// The Redis the clustering tests use: the one scripts/services/redis.sh starts on 127.0.0.1:16379. When it is not
/// running the tests fail with instructions (never skip), in CI and locally alike. Tests keep apart by using a fresh
/// Orleans ClusterId each.
/// </summary>
public static class RedisService
{
    public const int Port = 16379;

    /// <summary>StackExchange.Redis connection string of the test Redis; fails with instructions when it does not answer.</summary>
    public static string ConnectionString()
    {
        if (!Ping())
        {
            throw new InvalidOperationException(
                $"No Redis on 127.0.0.1:{Port}: start it with `SERVICES_DIR=$(mktemp -d) bash scripts/services/redis.sh` (scripts/test does this)");
        }

        return $"127.0.0.1:{Port},abortConnect=false";
    }

    /// <summary>True when a Redis answers PING on the port.</summary>
    public static bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            using var stream = client.GetStream();
            stream.ReadTimeout = 2000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }
}
