namespace Saliency.Core.IO;

/// <summary>
/// The .npy element types supported, with numpy's <c>descr</c> strings: <c>|b1</c> bool, <c>|u1</c> uint8,
/// <c>&lt;i4</c> int32, <c>&lt;i8</c> int64, <c>&lt;f4</c> float32, <c>&lt;f8</c> float64 (little-endian only).
/// </summary>
public enum NpyDType
{
    Bool,
    UInt8,
    Int32,
    Int64,
    Float32,
    Float64,
}
