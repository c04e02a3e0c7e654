namespace Saliency.Core.Data;

/// <summary>
/// One run of a run-length encoded mask: <see cref="Start"/> is the 1-based index of the first pixel in
/// column-major order (see <see cref="RunLengthCodec"/>), <see cref="Length"/> the number of pixels (at least 1).
/// </summary>
public readonly record struct PixelRun(int Start, int Length);
