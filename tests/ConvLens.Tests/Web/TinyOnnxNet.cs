using ConvLens.Tests.Fixtures;

namespace ConvLens.Tests.Web;

/// <summary>
/// A small ONNX CNN for the web tests, written into a models folder: conv1 (3→4, 3x3) → relu1 → conv2 (4→8, 3x3,
/// stride 2) → relu2 → pool → flat → logits (8→3), on 32x32 inputs. Weights come from a fixed seed, so every run is
/// the same network; it loads in milliseconds where the built-in ResNet18 takes a second.
/// </summary>
internal static class TinyOnnxNet
{
    public const int Size = 32;

    public static string Save(string folder, string name = "tiny")
    {
        var rng = new Random(11);
        float[] Values(int count, double scale) => [.. Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale))];
        return new OnnxModelBuilder()
            .Input("image", 1, 3, Size, Size)
            .Initializer("w1", Values(4 * 3 * 9, 0.5), 4, 3, 3, 3)
            .Initializer("b1", [0.05f, 0.02f, -0.01f, 0.03f], 4)
            .Initializer("w2", Values(8 * 4 * 9, 0.3), 8, 4, 3, 3)
            .Initializer("b2", Values(8, 0.05), 8)
            .Initializer("w3", Values(3 * 8, 0.5), 3, 8)
            .Initializer("b3", [0f, 0.1f, -0.1f], 3)
            .Node("Conv", ["image", "w1", "b1"], ["conv1"], ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Relu", ["conv1"], ["relu1"])
            .Node("Conv", ["relu1", "w2", "b2"], ["conv2"], ("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { 2, 2 }))
            .Node("Relu", ["conv2"], ["relu2"])
            .Node("GlobalAveragePool", ["relu2"], ["pool"])
            .Node("Flatten", ["pool"], ["flat"])
            .Node("Gemm", ["flat", "w3", "b3"], ["logits"], ("transB", 1L))
            .Output("logits")
            .Save(folder, name);
    }
}
