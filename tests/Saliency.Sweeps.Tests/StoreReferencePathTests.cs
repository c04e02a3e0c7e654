using Saliency.TestFixtures;

namespace Saliency.Sweeps.Tests;

public class StoreReferencePathTests
{
    [Fact]
    public void Store_references_are_kept_as_written_while_local_paths_resolve_against_the_files_folder()
    {
        using var dir = new TempDir();
        var spec = SweepFile.Parse("""
            name: refs
            data: store:datasets/quick/files/p.patches
            model: models/m.safetensors
            samples: { file: store:datasets/quick/samples.txt }
            methods:
              - method: GradCAM
            """, "refs.yaml", dir.Path);

        Assert.Equal("store:datasets/quick/files/p.patches", spec.DataPath);
        Assert.Equal(Path.Combine(dir.Path, "models", "m.safetensors"), spec.ModelPath);
        Assert.Equal("store:datasets/quick/samples.txt", spec.Samples.File);
    }
}
