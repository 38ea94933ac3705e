namespace ConvLens.Tests.Fixtures;

/// <summary>
/// A small MobileNet-shaped ONNX classifier as model zoos ship them: opset 11, input declared [1,3,32,32], batch
/// norms left as nodes with random statistics, ReLU6 as Clip with min/max inputs, a depthwise convolution, a
/// projected residual, max pooling, global pooling, Flatten, Gemm and Softmax.
/// </summary>
internal static class MobileNetStyleNetwork
{
    /// <summary>Value names worth tapping, in graph order; the last is the output.</summary>
    public static readonly string[] Values = ["stem.relu6", "dw.relu6", "pw.bn", "block", "pool", "logits", "probs"];

    /// <summary>Writes the network with weights drawn from <paramref name="seed"/> and returns the file.</summary>
    public static string Save(string dir, int seed = 7)
    {
        var random = new Random(seed);
        float[] Random(int n, float scale, float offset = 0) => [.. Enumerable.Range(0, n).Select(_ => offset + (scale * ((float)random.NextDouble() - 0.5f)))];
        var onnx = new OnnxModelBuilder(11).Input("image", 1, 3, 32, 32)
            .Initializer("zero", [0f]).Initializer("six", [6f]);
        OnnxModelBuilder ConvBn(string input, string name, long outC, long inC, long k, long stride, long group = 1)
        {
            onnx.Initializer(name + ".w", Random((int)(outC * inC / group * k * k), 2f / MathF.Sqrt(inC / group * k * k)), outC, inC / group, k, k)
                .Initializer(name + ".gamma", Random((int)outC, 0.5f, 1f), outC)
                .Initializer(name + ".beta", Random((int)outC, 0.2f), outC)
                .Initializer(name + ".mean", Random((int)outC, 0.2f), outC)
                .Initializer(name + ".var", Random((int)outC, 0.5f, 1f), outC);
            return onnx.Node("Conv", [input, name + ".w"], [name + ".conv"],
                    ("kernel_shape", new[] { k, k }), ("strides", new[] { stride, stride }), ("pads", new[] { k / 2, k / 2, k / 2, k / 2 }), ("group", group))
                .Node("BatchNormalization", [name + ".conv", name + ".gamma", name + ".beta", name + ".mean", name + ".var"], [name + ".bn"], ("epsilon", 1e-3f));
        }

        ConvBn("image", "stem", 16, 3, 3, 2).Node("Clip", ["stem.bn", "zero", "six"], ["stem.relu6"]);
        ConvBn("stem.relu6", "dw", 16, 16, 3, 1, group: 16).Node("Clip", ["dw.bn", "zero", "six"], ["dw.relu6"]);
        ConvBn("dw.relu6", "pw", 24, 16, 1, 1);
        ConvBn("stem.relu6", "proj", 24, 16, 1, 1);
        return onnx.Node("Add", ["pw.bn", "proj.bn"], ["sum"]).Node("Relu", ["sum"], ["block"])
            .Node("MaxPool", ["block"], ["pool"], ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("GlobalAveragePool", ["pool"], ["gap"]).Node("Flatten", ["gap"], ["flat"])
            .Initializer("fc.w", Random(10 * 24, 0.5f), 10, 24).Initializer("fc.b", Random(10, 0.1f), 10)
            .Node("Gemm", ["flat", "fc.w", "fc.b"], ["logits"], ("transB", 1L))
            .Node("Softmax", ["logits"], ["probs"], ("axis", 1L))
            .Output("probs").Save(dir, "mobilenet-style");
    }
}
