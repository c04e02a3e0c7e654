namespace Saliency.TestFixtures;

/// <summary>
/// Locates the real data sets used by tests. <c>scripts/test</c> sets the environment variables; when a variable is
/// missing the tests fail with a message that names it (they never silently pass).
/// </summary>
public static class DataPaths
{
    public const string SeverstalVariable = "SALIENCY_SEVERSTAL_SAMPLE";
    public const string NeuSegVariable = "SALIENCY_NEU_SEG";
    public const string PeerVariable = "SALIENCY_PEER";

    /// <summary>Folder with the 20 real Severstal images and their train.csv.</summary>
    public static string SeverstalSample => Require(SeverstalVariable, "train.csv");

    /// <summary>Folder of the NEU-Seg data set (images/&lt;split&gt;, masks/&lt;split&gt;).</summary>
    public static string NeuSeg => Require(NeuSegVariable, "images");

    /// <summary>
    /// The peer reference folder (../shared/peer: Captum and pytorch-grad-cam sources, peer.py); its <c>demo/</c>
    /// holds the weights, image and mask the peer goldens were made from.
    /// </summary>
    public static string Peer => Require(PeerVariable, "demo");

    /// <summary>The peer's <c>demo/</c> folder (see <see cref="Peer"/>).</summary>
    public static string PeerDemo => Path.Combine(Peer, "demo");

    private static string Require(string variable, string expectedEntry)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException(
                $"Environment variable {variable} is not set. It must point at the data folder " +
                "(scripts/test sets it to ../shared/data/... beside the checkout; export it when running tests by hand).");
        }

        var entry = Path.Combine(path, expectedEntry);
        if (!File.Exists(entry) && !Directory.Exists(entry))
        {
            throw new InvalidOperationException($"{variable}={path} does not contain '{expectedEntry}'.");
        }

        return path;
    }
}
