using Saliency.TestFixtures;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// The peer reference's demo inputs (../shared/peer/demo beside the checkout: resnet18_seed0.pt, image_gray.npy),
/// which the golden tests read as other tests read ../shared/data. Missing files fail the test with a message that
/// says where they were looked for.
/// </summary>
internal static class PeerDemo
{
    public static string File(string name)
    {
        var path = Path.GetFullPath(RepositoryRoot.Combine("..", "shared", "peer", "demo", name));
        return System.IO.File.Exists(path)
            ? path
            : throw new InvalidOperationException($"peer demo file {path} not found (the peer reference lives in ../shared/peer beside the checkout)");
    }
}
