using System.Buffers.Binary;

namespace Saliency.Core.IO;

/// <summary>
/// An n-dimensional array read from a .npy file: element type, shape (C order, last axis fastest) and the raw
/// little-endian element bytes (big-endian and Fortran-order files are converted when read). Conversions copy. <see cref="Source"/> names the file in error messages.
/// </summary>
public sealed class NpyArray
{
    private readonly byte[] _data;

    internal NpyArray(string source, NpyDType dtype, int[] shape, byte[] data)
    {
        Source = source;
        DType = dtype;
        Shape = shape;
        _data = data;
        Count = data.Length / ItemSize(dtype);
    }

    /// <summary>The file (or stream name) the array came from.</summary>
    public string Source { get; }

    public NpyDType DType { get; }

    /// <summary>Axis lengths, outermost first; empty for a 0-d (scalar) array.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public int Count { get; }

    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static int ItemSize(NpyDType dtype) => dtype switch
    {
        NpyDType.Bool or NpyDType.UInt8 or NpyDType.Int8 => 1,
        NpyDType.Int16 or NpyDType.UInt16 or NpyDType.Float16 => 2,
        NpyDType.Int32 or NpyDType.UInt32 or NpyDType.Float32 => 4,
        _ => 8,
    };

    /// <summary>
    /// Height and width of a 2-D image-like array: shape H x W, or 1 x H x W (a single channel).
    /// </summary>
    /// <exception cref="InputException">Any other shape (field <c>shape</c>).</exception>
    public (int Height, int Width) GetPlaneSize()
    {
        return Shape.Count switch
        {
            2 => (Shape[0], Shape[1]),
            3 when Shape[0] == 1 => (Shape[1], Shape[2]),
            _ => throw new InputException($"expected a 2-D array (H, W) or (1, H, W), got shape {ShapeText(Shape)}", file: Source, field: "shape"),
        };
    }

    /// <summary>All elements as float32, in C order (values a float cannot hold exactly round to the nearest one; bool is 0/1).</summary>
    public float[] ToSingleArray()
    {
        var result = new float[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (float)Element(i);
        }

        return result;
    }

    /// <summary>All elements as float64, in C order (bool is 0/1).</summary>
    public double[] ToDoubleArray()
    {
        var result = new double[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Element(i);
        }

        return result;
    }

    /// <summary>1 where an element is nonzero (NaN counts as nonzero), 0 elsewhere, in C order.</summary>
    public byte[] ToNonzeroMask()
    {
        var result = new byte[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Element(i) != 0 ? (byte)1 : (byte)0;
        }

        return result;
    }

    internal static string ShapeText(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    private double Element(int i)
    {
        var bytes = _data.AsSpan();
        return DType switch
        {
            NpyDType.Bool => bytes[i] != 0 ? 1 : 0,
            NpyDType.UInt8 => bytes[i],
            NpyDType.Int8 => (sbyte)bytes[i],
            NpyDType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]),
            NpyDType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]),
            NpyDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]),
            NpyDType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]),
            NpyDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]),
            NpyDType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]),
            NpyDType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
            NpyDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
        };
    }
}
