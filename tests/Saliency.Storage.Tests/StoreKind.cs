using Saliency.TestFixtures;

namespace Saliency.Storage.Tests;

/// <summary>The store implementations every contract test runs against (the local one in a temp folder).</summary>
public enum StoreKind
{
    Local,
    Azure,
}

internal static class Stores
{
    public static (IObjectStore Store, IDisposable Cleanup) Create(StoreKind kind, int blockSize = 4 * 1024 * 1024)
    {
        if (kind == StoreKind.Local)
        {
            var dir = new TempDir();
            return (new LocalDirectoryObjectStore(dir.Path), dir);
        }

        return (AzuriteService.SharedStore(blockSize), new Nothing());
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
