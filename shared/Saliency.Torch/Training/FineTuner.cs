using System.Diagnostics;
using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Training;

/// <summary>
/// Trains a <see cref="Classifier"/> on labelled patches: the paper's fine-tuning of layer3, layer4 and fc with the
/// rest frozen (<see cref="TrainedStages"/>), or any other stage set. Patches labelled
/// "multiple" (255) are skipped; every other label must be one of the classifier's
/// class ids. Leaves the network in eval mode with <c>requires_grad</c> restored to true everywhere.
/// </summary>
public static class FineTuner
{
    private const byte MultipleLabel = 255;

    /// <summary>The single-class labels present among <paramref name="indices"/>, ascending (logit order).</summary>
    public static IReadOnlyList<int> ClassesPresent(LabelledPatches patches, IEnumerable<int> indices) =>
        [.. indices.Select(i => (int)patches.Labels[i]).Where(l => l != MultipleLabel).Distinct().Order()];

    /// <summary>
    /// A fresh ResNet-18 with <paramref name="classes"/> outputs, initialised from <paramref name="seed"/>; with
    /// <paramref name="pretrained"/> every weight but the fc head is loaded strictly from that state dict.
    /// </summary>
    public static ResNet18 NewNetwork(int classes, ulong seed, string? pretrained)
    {
        manual_seed(unchecked((long)seed));
        var network = new ResNet18(classes);
        if (pretrained is null)
        {
            return network;
        }

        try
        {
            using var content = WeightsFile.Read(pretrained);
            StateDictLoader.Load(network, content.Tensors, pretrained, skip: name => name.StartsWith("fc.", StringComparison.Ordinal));
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Trains and validates; reports after every epoch.</summary>
    /// <param name="classifier">Network, normalisation and device; logit i is class <paramref name="classIds"/>[i].</param>
    /// <param name="classIds">Patch-set label of each logit.</param>
    /// <param name="patches">All patches; only <paramref name="train"/> and <paramref name="validation"/> are used.</param>
    public static TrainingResult Train(
        Classifier classifier,
        IReadOnlyList<int> classIds,
        LabelledPatches patches,
        IReadOnlyList<int> train,
        IReadOnlyList<int> validation,
        TrainingOptions options,
        IProgress<EpochStats>? progress = null,
        CancellationToken cancellation = default)
    {
        options.Validate();
        patches.Validate();
        if (classIds.Count != classifier.NumClasses)
        {
            throw new ArgumentException($"{classIds.Count} class ids for {classifier.NumClasses} outputs", nameof(classIds));
        }

        var logitOf = classIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var trainSet = Usable(train, patches, logitOf);
        var validationSet = Usable(validation, patches, logitOf);
        if (trainSet.Count == 0)
        {
            throw new Core.InputException("no training patches (after leaving out multiple-class patches)");
        }

        var network = classifier.Network;
        var clock = Stopwatch.StartNew();
        var random = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
        manual_seed(unchecked((long)options.Seed));
        TrainedStages.Freeze(network, options.Stages);
        var trainable = network.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = optim.Adam(trainable, options.LearningRate);
        var epochs = new List<EpochStats>();
        ConfusionMatrix confusion = ConfusionMatrix.Empty(classIds.Count);
        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                var (loss, accuracy) = TrainEpoch(classifier, patches, trainSet, logitOf, options, optimizer, random, cancellation);
                if (options.RecalibrateBatchNorm)
                {
                    BatchNormRecalibration.Run(classifier, options.Stages, patches, trainSet, options.BatchSize);
                }

                (double validationLoss, confusion) = Validate(classifier, patches, validationSet, logitOf, options.BatchSize);
                var remaining = TimeSpan.FromTicks(clock.Elapsed.Ticks / epoch * (options.Epochs - epoch));
                var stats = new EpochStats(epoch, options.Epochs, loss, accuracy, validationLoss, confusion.Accuracy, epochClock.Elapsed, remaining);
                epochs.Add(stats);
                progress?.Report(stats);
            }
        }
        finally
        {
            foreach (var p in network.parameters())
            {
                p.requires_grad = true;
            }

            network.eval();
        }

        var trainCounts = new int[classIds.Count];
        foreach (int i in trainSet)
        {
            trainCounts[logitOf[patches.Labels[i]]]++;
        }

        return new TrainingResult(classIds, epochs, trainCounts, confusion.ClassCounts, confusion, clock.Elapsed);
    }

    /// <summary>Mean cross-entropy and the confusion matrix of <paramref name="indices"/> in eval mode.</summary>
    public static (double Loss, ConfusionMatrix Confusion) Validate(
        Classifier classifier, LabelledPatches patches, IReadOnlyList<int> indices, IReadOnlyDictionary<int, int> logitOf, int batchSize)
    {
        var confusion = ConfusionMatrix.Empty(classifier.NumClasses);
        if (indices.Count == 0)
        {
            return (double.NaN, confusion);
        }

        var logits = PatchPredictor.Logits(classifier, patches, indices, batchSize);
        double loss = 0;
        for (int n = 0; n < indices.Count; n++)
        {
            int truth = logitOf[patches.Labels[indices[n]]];
            loss -= Math.Log(Math.Max(PatchPredictor.Softmax(logits[n])[truth], double.Epsilon));
            confusion.Add(truth, PatchPredictor.ArgMax(logits[n]));
        }

        return (loss / indices.Count, confusion);
    }

    private static List<int> Usable(IReadOnlyList<int> indices, LabelledPatches patches, Dictionary<int, int> logitOf)
    {
        var usable = new List<int>();
        foreach (int i in indices)
        {
            byte label = patches.Labels[i];
            if (label == MultipleLabel)
            {
                continue;
            }

            if (!logitOf.ContainsKey(label))
            {
                throw new ArgumentException($"patch {i} has label {label}, which is not one of the classifier's classes [{string.Join(", ", logitOf.Keys)}]");
            }

            usable.Add(i);
        }

        return usable;
    }

    private static (double Loss, double Accuracy) TrainEpoch(
        Classifier classifier,
        LabelledPatches patches,
        List<int> trainSet,
        Dictionary<int, int> logitOf,
        TrainingOptions options,
        optim.Optimizer optimizer,
        Random random,
        CancellationToken cancellation)
    {
        TrainedStages.TrainMode(classifier.Network, options.Stages);
        var order = trainSet.ToArray();
        random.Shuffle(order);
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < order.Length; start += options.BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = order.Skip(start).Take(options.BatchSize).ToArray();
            var flips = options.Augment ? batch.Select(_ => (random.Next(2) == 1, random.Next(2) == 1)).ToArray() : null;
            var input = PatchTensors.Batch(patches, batch, classifier.Device, flips);
            var targets = tensor(batch.Select(i => (long)logitOf[patches.Labels[i]]).ToArray(), device: classifier.Device);
            optimizer.zero_grad();
            var logits = classifier.Forward(input);
            var loss = nn.functional.cross_entropy(logits, targets);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>() * batch.Length;
            correct += (int)logits.argmax(1).eq(targets).sum().item<long>();
        }

        return (lossSum / order.Length, (double)correct / order.Length);
    }
}
