using Saliency.Core;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using TorchSharp;
using TorchSharp.PyBridge;

namespace Saliency.Torch.Tests;

public class ModelStoreTests
{
    private static ModelMetadata Metadata(Classifier classifier) => new()
    {
        ClassIds = [0, 1, 2, 4],
        ClassNames = ["none", "pits", "scratch", "patch"],
        NormalisationMean = classifier.Normalisation.Mean,
        NormalisationStd = classifier.Normalisation.Std,
        PatchSize = 64,
        Training = new TrainingInfo
        {
            PatchSet = "p.patches", PatchSetSha256 = "ab", Seed = 42, ValidationFraction = 0.25, Epochs = 2, BatchSize = 8,
            LearningRate = 1e-3, Pretrained = null, TrainedStages = ["layer3", "layer4", "fc"], TrainCount = 30, ValidationCount = 10,
            ValidationAccuracy = 0.8, TrainingSeconds = 1.5, Device = "cpu", CreatedUtc = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        },
    };

    private static float[] Logits(Classifier classifier, torch.Tensor input)
    {
        using var noGrad = torch.no_grad();
        using var logits = classifier.Forward(input);
        return logits.data<float>().ToArray();
    }

    [Fact]
    public void Checkpoint_round_trip_gives_identical_logits_and_metadata()
    {
        using var dir = new TempDir();
        torch.manual_seed(1);
        using var classifier = new Classifier(new ResNet18(4), InputNormalisation.ImageNet, ["none", "pits", "scratch", "patch"]);
        var metadata = Metadata(classifier);
        var path = dir.File("sub/model.safetensors");
        ModelStore.Save(path, classifier, metadata);

        using var loaded = ModelStore.Load(path);
        Assert.True(loaded.IsProjectCheckpoint);
        Assert.Equal(InputNormalisation.ImageNet, loaded.Classifier.Normalisation);
        Assert.Equal(metadata.ClassNames, loaded.Classifier.ClassNames);
        Assert.Equal(metadata.ClassIds, loaded.Metadata.ClassIds);
        var training = loaded.Metadata.Training!;
        Assert.Equal(metadata.Training, training with { TrainedStages = metadata.Training!.TrainedStages });
        Assert.Equal(metadata.Training.TrainedStages, training.TrainedStages);
        using var input = torch.rand(2, 3, 64, 64, generator: new torch.Generator(2));
        Assert.Equal(Logits(classifier, input), Logits(loaded.Classifier, input));

        // The override replaces the recorded normalisation, which changes the logits.
        using var identity = ModelStore.Load(path, overrideNormalisation: InputNormalisation.Identity);
        Assert.True(identity.Classifier.Normalisation.IsIdentity);
        Assert.NotEqual(Logits(classifier, input), Logits(identity.Classifier, input));
    }

    [Fact]
    public void Saved_file_is_standard_safetensors_with_metadata_json()
    {
        using var dir = new TempDir();
        using var classifier = new Classifier(new ResNet18(4), InputNormalisation.ImageNet, ["a", "b", "c", "d"]);
        var path = dir.File("m.safetensors");
        ModelStore.Save(path, classifier, Metadata(classifier));

        // Parse the header by hand: 8-byte LE length, JSON, 8-byte aligned.
        var bytes = File.ReadAllBytes(path);
        ulong length = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, length % 8);
        using var json = System.Text.Json.JsonDocument.Parse(bytes.AsMemory(8, (int)length));
        var fc = json.RootElement.GetProperty("fc.weight");
        Assert.Equal("F32", fc.GetProperty("dtype").GetString());
        Assert.Equal([4L, 512L], fc.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var meta = json.RootElement.GetProperty("__metadata__").GetProperty(ModelStore.MetadataKey).GetString()!;
        using var metaJson = System.Text.Json.JsonDocument.Parse(meta);
        Assert.Equal("resnet18", metaJson.RootElement.GetProperty("architecture").GetString());
        Assert.Equal(0.229f, metaJson.RootElement.GetProperty("normalizationStd")[0].GetSingle());
        long dataBytes = bytes.Length - 8 - (long)length;
        long expectedBytes = classifier.Network.state_dict().Values.Sum(t => t.numel() * t.ElementSize);
        Assert.Equal(expectedBytes, dataBytes);
    }

    [Fact]
    public void PyBridge_pth_state_dict_loads_with_identical_logits()
    {
        // PyBridge's save_py writes torch.save's zip format (data.pkl + storages), readable by torch.load.
        using var dir = new TempDir();
        torch.manual_seed(7);
        using var network = new ResNet18(3);
        var path = dir.File("weights.pth");
        network.save_py(path);
        network.eval();

        using var loaded = ModelStore.Load(path);
        Assert.Equal(3, loaded.Classifier.NumClasses);
        Assert.False(loaded.IsProjectCheckpoint);
        using var input = torch.rand(1, 3, 48, 48, generator: new torch.Generator(3));
        using var noGrad = torch.no_grad();
        using var expected = network.forward(input);
        Assert.Equal(expected.data<float>().ToArray(), Logits(loaded.Classifier, input));
    }

    [Fact]
    public void Bare_state_dict_with_explicit_normalisation()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, 2, ResNet18Spec.RandomWeights(2, 1));
        using var loaded = ModelStore.Load(path, torch.CPU, InputNormalisation.ImageNet);
        Assert.Equal(InputNormalisation.ImageNet, loaded.Classifier.Normalisation);
        Assert.Equal(InputNormalisation.ImageNet, loaded.Metadata.Normalisation);
        Assert.Equal([0, 1], loaded.Metadata.ClassIds);
    }

    [Fact]
    public void Save_rejects_metadata_that_disagrees_with_the_classifier()
    {
        using var dir = new TempDir();
        using var classifier = new Classifier(new ResNet18(3), InputNormalisation.Identity, ["a", "b", "c"]);
        var metadata = Metadata(classifier); // 4 classes
        Assert.Throws<ArgumentException>(() => ModelStore.Save(dir.File("x.safetensors"), classifier, metadata));
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => ModelStore.Load("/nonexistent/model.safetensors"));
        Assert.Contains("/nonexistent/model.safetensors", e.Message);
    }
}
