using Saliency.Core;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using TorchSharp;

namespace Saliency.Torch.Tests;

/// <summary>Weights that do not fit are refused with messages naming the file, the parameter and both shapes.</summary>
public class WeightsErrorTests
{
    private static Dictionary<string, float[]> Weights(int classes) => ResNet18Spec.RandomWeights(classes, 9);

    [Fact]
    public void Checkpoint_whose_metadata_disagrees_with_fc_rows_is_refused()
    {
        using var dir = new TempDir();
        var path = dir.File("m.safetensors");
        var metadata = new ModelMetadata { ClassIds = [0, 1, 2], ClassNames = ["a", "b", "c"], NormalisationMean = [0, 0, 0], NormalisationStd = [1, 1, 1] };
        MiniSafeTensorsWriter.Write(
            path,
            ResNet18Spec.Entries(4).Select(e => MiniSafeTensorsWriter.F32(e.Name, e.Shape, new float[e.Shape.Aggregate(1L, (a, d) => a * d)])),
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [ModelStore.MetadataKey] = metadata.ToJson() }));
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("3 classes", e.Message);
        Assert.Contains("4 rows", e.Message);
    }

    [Fact]
    public void Wrong_class_count_names_fc_and_both_shapes()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, 4, Weights(4));
        using var content = WeightsFile.Read(path);
        using var network = new ResNet18(5);
        var e = Assert.Throws<InputException>(() => StateDictLoader.Load(network, content.Tensors, path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'fc.weight' has shape [4, 512] in the file, the model expects [5, 512]", e.Message);
        Assert.Contains("'fc.bias' has shape [4] in the file, the model expects [5]", e.Message);
        Assert.Equal("fc.weight", e.Field);
    }

    [Fact]
    public void Missing_parameter_is_named_with_its_shape()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, 3, Weights(3), keep: n => n != "layer2.0.downsample.0.weight");
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("missing parameter 'layer2.0.downsample.0.weight' (expected shape [128, 64, 1, 1])", e.Message);
    }

    [Fact]
    public void Missing_num_batches_tracked_is_allowed_like_pytorch()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, 3, Weights(3), keep: n => !n.EndsWith("num_batches_tracked", StringComparison.Ordinal));
        using var loaded = ModelStore.Load(path);
        Assert.Equal(3, loaded.Classifier.NumClasses);
    }

    [Fact]
    public void Extra_parameter_is_named_with_its_shape()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, 3, Weights(3), extra: [MiniSafeTensorsWriter.F32("layer1.0.conv3.weight", [256, 64, 1, 1], new float[256 * 64])]);
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains("unexpected parameter 'layer1.0.conv3.weight' (shape [256, 64, 1, 1])", e.Message);
    }

    [Fact]
    public void ResNet34_weights_are_refused_naming_the_extra_blocks()
    {
        // resnet34 = resnet18's names plus blocks layer1.2, layer2.2-3, ... : here layer1.2 is added.
        using var dir = new TempDir();
        var path = dir.File("resnet34ish.safetensors");
        var extra = new[] { "conv1.weight", "conv2.weight" }.Select(n => MiniSafeTensorsWriter.F32($"layer1.2.{n}", [64, 64, 3, 3], new float[64 * 64 * 9]));
        MiniSafeTensorsWriter.WriteResNet18(path, 1000 % 7, Weights(1000 % 7), extra: extra);
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains("unexpected parameter 'layer1.2.conv1.weight'", e.Message);
        Assert.Contains("2 unexpected", e.Message);
    }

    [Fact]
    public void ResNet50_weights_are_refused_at_the_head_with_its_shape()
    {
        using var dir = new TempDir();
        var path = dir.File("resnet50ish.safetensors");
        MiniSafeTensorsWriter.Write(path,
        [
            MiniSafeTensorsWriter.F32("layer1.0.conv1.weight", [64, 64, 1, 1], new float[64 * 64]),
            MiniSafeTensorsWriter.F32("fc.weight", [10, 2048], new float[10 * 2048]),
        ]);
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'fc.weight' has shape [10, 2048]", e.Message);
    }

    [Fact]
    public void A_file_without_fc_is_not_a_resnet18_state_dict()
    {
        using var dir = new TempDir();
        var path = dir.File("other.safetensors");
        MiniSafeTensorsWriter.Write(path, [MiniSafeTensorsWriter.F32("encoder.weight", [2, 2], [1, 2, 3, 4])]);
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains("no parameter 'fc.weight'", e.Message);
        Assert.Contains("encoder.weight", e.Message);
    }

    [Fact]
    public void Truncated_safetensors_is_a_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, 2, Weights(2));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("fc.weight", e.Message); // 100 bytes cut: fc.weight (2 x 512 floats) and fc.bias no longer fit
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Random_bytes_and_broken_zip_are_clear_errors()
    {
        using var dir = new TempDir();
        var junk = dir.File("junk.pth");
        File.WriteAllBytes(junk, Enumerable.Range(0, 500).Select(i => (byte)(i * 37)).ToArray());
        var e1 = Assert.Throws<InputException>(() => ModelStore.Load(junk));
        Assert.Contains("not a weights file", e1.Message);

        var zip = dir.File("broken.pth");
        File.WriteAllBytes(zip, [(byte)'P', (byte)'K', 3, 4, .. Enumerable.Repeat((byte)0, 100)]);
        var e2 = Assert.Throws<InputException>(() => ModelStore.Load(zip));
        Assert.Contains(zip, e2.Message);
        Assert.Contains("cannot read PyTorch state dict", e2.Message);

        var badJson = dir.File("bad.safetensors");
        File.WriteAllBytes(badJson, [.. BitConverter.GetBytes(4UL), .. "{ab}"u8.ToArray()]);
        var e3 = Assert.Throws<InputException>(() => ModelStore.Load(badJson));
        Assert.Contains("not valid JSON", e3.Message);
    }

    [Fact]
    public void Malformed_checkpoint_metadata_is_a_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.File("m.safetensors");
        var tensors = ResNet18Spec.Entries(2).ToDictionary(e => e.Name, e => torch.zeros(e.Shape, e.Name.EndsWith("tracked", StringComparison.Ordinal) ? torch.int64 : torch.float32));
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { [ModelStore.MetadataKey] = "{\"classIds\": [0, 1]" });
        var e = Assert.Throws<InputException>(() => ModelStore.Load(path));
        Assert.Contains("metadata is malformed", e.Message);
        Assert.Contains(path, e.Message);
    }
}
