using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// Everything a metric computation reads for one map: the input (1 x 3 x H x W on the model's device, detached),
/// the raw map (row-major H x W), the explained class, a logits function for batches of inputs (N x 3 x H x W to
/// N x classes; the classifier's forward, or a small hand-made model in tests), and for the sanity check the
/// network to randomise and a function that re-explains the input with the method under test. Counts its work.
/// </summary>
internal sealed class MetricInput
{
    public MetricInput(Tensor input, float[] map, int target, Func<Tensor, Tensor> logits, ResNet18? network = null, Func<float[]>? explain = null)
    {
        Input = input;
        Map = map;
        Target = target;
        Height = (int)input.shape[2];
        Width = (int)input.shape[3];
        Logits = logits;
        Network = network;
        Explain = explain;
    }

    public Tensor Input { get; }

    public float[] Map { get; }

    public int Target { get; }

    public int Height { get; }

    public int Width { get; }

    public Func<Tensor, Tensor> Logits { get; }

    public ResNet18? Network { get; }

    public Func<float[]>? Explain { get; }

    public PassCounter Passes { get; } = new();

    public int Explanations { get; set; }

    public int Imputations { get; set; }

    /// <summary>Softmax probability of the target class for each input of a batch, under no_grad; counts the pass.</summary>
    public double[] TargetProbabilities(Tensor batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probabilities = nn.functional.softmax(Logits(batch), 1).select(1, Target);
        Passes.CountForward(batch.shape[0]);
        return probabilities.to(ScalarType.Float64).cpu().data<double>().ToArray();
    }
}
