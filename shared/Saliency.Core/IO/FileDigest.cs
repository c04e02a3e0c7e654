using System.Security.Cryptography;

namespace Saliency.Core.IO;

/// <summary>Content hashes that tie models and sample files to the exact data they were made from.</summary>
public static class FileDigest
{
    /// <summary>SHA-256 of a file's bytes as lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
