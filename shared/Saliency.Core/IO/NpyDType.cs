namespace Saliency.Core.IO;

/// <summary>
/// The .npy element types supported, with numpy's <c>descr</c> kind and size: <c>b1</c> bool, <c>i1</c>/<c>u1</c>,
/// <c>i2</c>/<c>u2</c>, <c>i4</c>/<c>u4</c>, <c>i8</c>/<c>u8</c> (signed/unsigned integers), <c>f2</c>, <c>f4</c>,
/// <c>f8</c> (IEEE floats). Files may be little- or big-endian; <see cref="NpyArray"/> holds the values little-endian.
/// </summary>
public enum NpyDType
{
    Bool,
    UInt8,
    Int32,
    Int64,
    Float32,
    Float64,
    Int8,
    Int16,
    UInt16,
    UInt32,
    UInt64,
    Float16,
}
