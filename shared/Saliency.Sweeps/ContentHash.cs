using System.Security.Cryptography;
using System.Text;

namespace Saliency.Sweeps;

/// <summary>Lower-case hex SHA-256 of UTF-8 text: the basis of trial ids and sweep content hashes.</summary>
public static class ContentHash
{
    public static string Of(string canonicalText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText)));

    /// <summary>Trial id of a canonical variant id: <c>t</c> + the first 12 hex digits of its hash.</summary>
    public static string TrialId(string variantId) => "t" + Of("trial\n" + variantId)[..12];
}
