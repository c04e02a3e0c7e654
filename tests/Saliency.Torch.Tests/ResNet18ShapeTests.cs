using Saliency.Torch.Model;
using TorchSharp;

namespace Saliency.Torch.Tests;

public class ResNet18ShapeTests
{
    [Fact]
    public void State_dict_names_follow_torchvision()
    {
        using var model = new ResNet18(4);
        var names = model.state_dict().Keys.ToHashSet();

        // torchvision's resnet18: stem, 4 layers x 2 BasicBlocks, downsample in the first block of layers 2-4, fc.
        var expected = new HashSet<string>();
        void Bn(string p)
        {
            foreach (var s in new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" })
            {
                expected.Add($"{p}.{s}");
            }
        }

        expected.Add("conv1.weight");
        Bn("bn1");
        for (int l = 1; l <= 4; l++)
        {
            for (int b = 0; b < 2; b++)
            {
                var p = $"layer{l}.{b}";
                expected.Add($"{p}.conv1.weight");
                Bn($"{p}.bn1");
                expected.Add($"{p}.conv2.weight");
                Bn($"{p}.bn2");
                if (l > 1 && b == 0)
                {
                    expected.Add($"{p}.downsample.0.weight");
                    Bn($"{p}.downsample.1");
                }
            }
        }

        expected.Add("fc.weight");
        expected.Add("fc.bias");
        Assert.Equal(expected.OrderBy(s => s), names.OrderBy(s => s));
        Assert.Equal(new long[] { 4, 512 }, model.state_dict()["fc.weight"].shape);
    }

    [Fact]
    public void Every_relu_call_site_is_distinct_and_capture_returns_layer4()
    {
        using var model = new ResNet18(3);
        model.eval();
        Assert.Equal(17, model.ReLUSites.Count); // stem + 2 per block x 8 blocks
        Assert.Equal(model.ReLUSites.Count, model.ReLUSites.Distinct().Count());
        using var x = torch.randn(2, 3, 64, 64);
        var (logits, features) = model.ForwardCapturing(x, "layer4");
        Assert.Equal(new long[] { 2, 3 }, logits.shape);
        Assert.Equal(new long[] { 2, 512, 2, 2 }, features!.shape);
    }
}
