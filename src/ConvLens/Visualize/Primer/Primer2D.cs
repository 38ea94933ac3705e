using static TorchSharp.torch;

namespace ConvLens.Visualize.Primer;

/// <summary>Moves the primer's small 2-D arrays in and out of tensors.</summary>
internal static class Primer2D
{
    /// <summary>Copies a [row, column] array into a new float32 [H,W] tensor on the device.</summary>
    public static Tensor ToTensor(float[,] values, Device device)
    {
        var flat = new float[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(float));
        return tensor(flat, [values.GetLength(0), values.GetLength(1)], ScalarType.Float32, device);
    }

    /// <summary>Copies a 2-D tensor into a new [row, column] array.</summary>
    public static float[,] ToArray(Tensor values)
    {
        var flat = values.detach().cpu().contiguous().data<float>().ToArray();
        var result = new float[values.shape[0], values.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}
