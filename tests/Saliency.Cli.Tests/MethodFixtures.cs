using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Cli.Tests;

/// <summary>Small random models saved through ModelStore, and a real Severstal patch with its mask.</summary>
internal static class MethodFixtures
{
    public static readonly string[] ClassNames = ["none", "pits", "inclusions", "scratches", "patches"];

    /// <summary>Saves a randomly initialised 5-class ResNet-18 (ImageNet normalisation) and returns the path.</summary>
    public static string SaveRandomModel(string path, long seed = 3)
    {
        manual_seed(seed);
        using var classifier = new Classifier(new ResNet18(ClassNames.Length), InputNormalisation.ImageNet, ClassNames);
        ModelStore.Save(path, classifier, new ModelMetadata
        {
            ClassIds = [0, 1, 2, 3, 4],
            ClassNames = ClassNames,
            NormalisationMean = classifier.Normalisation.Mean,
            NormalisationStd = classifier.Normalisation.Std,
            PatchSize = 256,
        });
        return path;
    }

    /// <summary>
    /// Patch 2 (columns 544..799, all 256 rows) of 0030401a5.jpg and its class-4 mask (0/1) decoded from train.csv:
    /// the patch that holds the left part of the image's defect.
    /// </summary>
    public static (GrayImage Patch, byte[] Mask) RealPatch()
    {
        var image = ImageIO.ReadGray(Path.Combine(DataPaths.SeverstalSample, "0030401a5.jpg"));
        var row = File.ReadLines(Path.Combine(DataPaths.SeverstalSample, "train.csv")).Single(l => l.StartsWith("0030401a5.jpg,", StringComparison.Ordinal));
        var full = RunLengthCodec.Decode(row.Split(',')[2], image.Width, image.Height);
        const int left = 544, size = 256;
        var pixels = new byte[size * size];
        var mask = new byte[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                pixels[(y * size) + x] = image[y, left + x];
                mask[(y * size) + x] = full[(y * image.Width) + left + x] == 0 ? (byte)0 : (byte)1;
            }
        }

        return (new GrayImage(size, size, pixels), mask);
    }
}
