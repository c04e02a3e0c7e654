namespace Saliency.Core.Data.Severstal;

/// <summary>One valid row of <c>train.csv</c>: the pixels of one defect class in one image.</summary>
/// <param name="ImageId">Image file name, e.g. <c>002fc4e19.jpg</c>.</param>
/// <param name="ClassId">Defect class 1..4.</param>
/// <param name="EncodedPixels">The run-length string as in the file (see <see cref="RunLengthCodec"/>).</param>
/// <param name="Runs">The parsed runs, all inside the 1600x256 image.</param>
/// <param name="Line">1-based line number in the csv.</param>
public sealed record SeverstalAnnotation(string ImageId, int ClassId, string EncodedPixels, IReadOnlyList<PixelRun> Runs, int Line);
