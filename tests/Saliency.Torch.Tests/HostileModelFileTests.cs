using System.Buffers.Binary;
using Saliency.Core;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using TorchSharp;

namespace Saliency.Torch.Tests;

/// <summary>
/// Corpus: a model saved by <see cref="ModelStore.Save"/> (what <c>saliency train</c> writes) cut short at offsets
/// from the first byte to the last. Every cut is an <see cref="InputException"/> naming the file, and the field: the
/// header, or the first tensor whose data is no longer all there.
/// </summary>
public class HostileModelFileTests
{
    [Fact]
    public void Saved_model_cut_anywhere_is_refused_naming_the_file_and_field()
    {
        using var dir = new TempDir();
        var path = dir.File("model.safetensors");
        torch.manual_seed(5);
        using (var classifier = new Classifier(new ResNet18(3), InputNormalisation.ImageNet, ["none", "a", "b"]))
        {
            ModelStore.Save(path, classifier, new ModelMetadata
            {
                ClassIds = [0, 1, 2],
                ClassNames = ["none", "a", "b"],
                NormalisationMean = classifier.Normalisation.Mean,
                NormalisationStd = classifier.Normalisation.Std,
                PatchSize = 64,
            });
        }

        var bytes = File.ReadAllBytes(path);
        long dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        long[] cuts = [0, 4, 8, 9, 100, dataStart - 1, dataStart, dataStart + 1, bytes.Length / 2, bytes.Length - 4096, bytes.Length - 1];
        foreach (var cut in cuts)
        {
            var cutPath = dir.File($"cut-{cut}.safetensors");
            File.WriteAllBytes(cutPath, bytes[..(int)cut]);
            var e = Assert.Throws<InputException>(() => ModelStore.Load(cutPath));
            Assert.Equal(cutPath, e.File);
            Assert.StartsWith(cutPath + ": ", e.Message);
            if (cut < 9)
            {
                Assert.Contains($"not a weights file: only {cut} bytes (empty or cut short)", e.Message);
            }
            else if (cut < dataStart)
            {
                Assert.Equal("header", e.Field);
                Assert.Contains($"truncated safetensors file: the header declares {dataStart - 8} bytes, the file has {cut - 8}", e.Message);
            }
            else
            {
                Assert.NotNull(e.Field); // the tensor whose data is cut, e.g. "layer4.1.bn2.running_var"
                Assert.Contains(e.Field, e.Message);
                Assert.Contains("(file truncated?)", e.Message);
            }
        }

        using var whole = ModelStore.Load(path);
        Assert.Equal(3, whole.Classifier.NumClasses);
    }
}
