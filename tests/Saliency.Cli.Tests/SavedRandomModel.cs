using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary>One random model saved once for the explain tests. (The explain and bench test classes share the
/// "torch commands" collection so that they do not compete for the CPU with each other.)</summary>
public sealed class SavedRandomModel : IDisposable
{
    private readonly TempDir _dir = new();

    public SavedRandomModel() => Path = MethodFixtures.SaveRandomModel(_dir.File("model.safetensors"));

    public string Path { get; }

    public void Dispose() => _dir.Dispose();
}
