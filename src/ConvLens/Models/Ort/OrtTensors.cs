using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ConvLens.Models.Ort;

/// <summary>Moves tensors between libtorch and ONNX Runtime: over the same memory where it can, one block copy where not.</summary>
internal static class OrtTensors
{
    private static readonly Dictionary<ScalarType, TensorElementType> s_toOrt = new()
    {
        [ScalarType.Float32] = TensorElementType.Float,
        [ScalarType.Float64] = TensorElementType.Double,
        [ScalarType.Float16] = TensorElementType.Float16,
        [ScalarType.BFloat16] = TensorElementType.BFloat16,
        [ScalarType.Int64] = TensorElementType.Int64,
        [ScalarType.Int32] = TensorElementType.Int32,
        [ScalarType.Int16] = TensorElementType.Int16,
        [ScalarType.Int8] = TensorElementType.Int8,
        [ScalarType.Byte] = TensorElementType.UInt8,
        [ScalarType.Bool] = TensorElementType.Bool,
    };

    private static readonly Dictionary<TensorElementType, ScalarType> s_toTorch = s_toOrt.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>An ONNX Runtime value over <paramref name="t"/>'s memory (no copy).</summary>
    /// <param name="t">A contiguous CPU tensor; it must outlive the returned value, which reads and writes its memory.</param>
    public static unsafe OrtValue Over(Tensor t)
    {
        var bytes = t.bytes;
        fixed (byte* data = bytes)
        {
            return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, s_toOrt[t.dtype], t.shape, (IntPtr)data, bytes.Length);
        }
    }

    /// <summary>True when ONNX Runtime and libtorch can share tensors of this element type.</summary>
    public static bool Shares(TensorElementType type) => s_toTorch.ContainsKey(type);

    /// <summary>The libtorch type of an ONNX Runtime element type.</summary>
    /// <exception cref="ConvLensException">A type libtorch has no tensors of (strings, unsigned 16-64 bit).</exception>
    public static ScalarType TorchType(TensorElementType type) => s_toTorch.TryGetValue(type, out var t)
        ? t
        : throw new ConvLensException($"ONNX Runtime returned a {type} tensor, which libtorch cannot hold");

    /// <summary>A new tensor in the current dispose scope holding a copy of <paramref name="value"/>.</summary>
    public static Tensor Copy(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var t = empty(info.Shape, dtype: TorchType(info.ElementDataType));
        if (t.numel() > 0)
        {
            value.GetTensorMutableRawData().CopyTo(t.bytes);
        }

        return t;
    }

    /// <summary>Checks what <see cref="Over"/> needs: a contiguous CPU tensor of a shared type.</summary>
    public static bool CanShare(Tensor t) =>
        t.device_type == TorchSharp.DeviceType.CPU && t.is_contiguous() && s_toOrt.ContainsKey(t.dtype) && t.numel() > 0;

    /// <summary>Keeps <paramref name="tensors"/> reachable until here (ONNX Runtime held raw pointers to them).</summary>
    public static void KeepAlive(IEnumerable<Tensor> tensors)
    {
        foreach (var t in tensors)
        {
            GC.KeepAlive(t);
        }
    }
}
