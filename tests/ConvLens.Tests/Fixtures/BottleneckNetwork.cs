using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Fixtures;

/// <summary>
/// A ResNet-50-shaped ONNX network with random weights: a 3x3 stem to 512 channels, then ResNet-50's first blocks of
/// layer3 and layer4 with their real channel counts and batch norm folded into conv biases, as exporters write them.
/// </summary>
/// <remarks>
/// The first block has its stride on the 3x3 (torchvision, ResNet v1.5), the second on its first 1x1 (the original
/// ResNet v1 and many ONNX exports). Their strided 1x1 convolutions are 512-&gt;1024, 1024-&gt;512 and 1024-&gt;2048,
/// channel pairs whose oneDNN backward divides by zero on CPUs that hide their caches (docs/engine.md).
/// </remarks>
internal sealed class BottleneckNetwork
{
    private static readonly Block[] Blocks =
    [
        new("layer3", 512, 256, 1024, StrideOnFirst: false),
        new("layer4", 1024, 512, 2048, StrideOnFirst: true),
    ];

    private readonly Dictionary<string, Layer> _layers = [];

    /// <summary>He-scaled random weights, so activations keep their scale through the blocks.</summary>
    public BottleneckNetwork(ulong seed)
    {
        var g = new Generator(seed);
        Add(g, "stem", 512, 3, 3);
        foreach (var b in Blocks)
        {
            Add(g, $"{b.Name}.conv1", b.Mid, b.In, 1);
            Add(g, $"{b.Name}.conv2", b.Mid, b.Mid, 3);
            Add(g, $"{b.Name}.conv3", b.Out, b.Mid, 1);
            Add(g, $"{b.Name}.downsample", b.Out, b.In, 1);
        }
    }

    /// <summary>Writes the network as ONNX (input "x" [N,3,H,W], output "y" [N,2048,1,1]) and returns the file.</summary>
    public string Save(string dir)
    {
        var onnx = new OnnxModelBuilder(13).Input("x", null, 3, null, null);
        foreach (var (name, layer) in _layers)
        {
            onnx.Initializer(name + ".w", layer.Weight, layer.Shape).Initializer(name + ".b", layer.Bias, layer.Shape[0]);
        }

        Conv(onnx, "x", "stem", 2, 1).Node("Relu", ["stem"], ["stem.relu"]);
        var input = "stem.relu";
        foreach (var b in Blocks)
        {
            Conv(onnx, input, $"{b.Name}.conv1", b.StrideOnFirst ? 2 : 1, 0).Node("Relu", [$"{b.Name}.conv1"], [$"{b.Name}.relu1"]);
            Conv(onnx, $"{b.Name}.relu1", $"{b.Name}.conv2", b.StrideOnFirst ? 1 : 2, 1).Node("Relu", [$"{b.Name}.conv2"], [$"{b.Name}.relu2"]);
            Conv(onnx, $"{b.Name}.relu2", $"{b.Name}.conv3", 1, 0);
            Conv(onnx, input, $"{b.Name}.downsample", 2, 0);
            onnx.Node("Add", [$"{b.Name}.conv3", $"{b.Name}.downsample"], [$"{b.Name}.sum"]).Node("Relu", [$"{b.Name}.sum"], [b.Name]);
            input = b.Name;
        }

        return onnx.Node("GlobalAveragePool", [input], ["y"]).Output("y").Save(dir, "bottlenecks");
    }

    /// <summary>The same network with libtorch's plain strided convolutions, in <paramref name="x"/>'s dtype.</summary>
    public Tensor Reference(Tensor x)
    {
        Tensor Plain(Tensor input, string name, long stride, long pad)
        {
            var layer = _layers[name];
            var w = tensor(layer.Weight, layer.Shape).to_type(x.dtype);
            var b = tensor(layer.Bias).to_type(x.dtype);
            return F.conv2d(input, w, b, strides: [stride, stride], padding: [pad, pad]);
        }

        var h = F.relu(Plain(x, "stem", 2, 1));
        foreach (var b in Blocks)
        {
            var main = F.relu(Plain(h, $"{b.Name}.conv1", b.StrideOnFirst ? 2 : 1, 0));
            main = F.relu(Plain(main, $"{b.Name}.conv2", b.StrideOnFirst ? 1 : 2, 1));
            h = F.relu(Plain(main, $"{b.Name}.conv3", 1, 0) + Plain(h, $"{b.Name}.downsample", 2, 0));
        }

        return h.mean([2, 3], keepdim: true);
    }

    private static OnnxModelBuilder Conv(OnnxModelBuilder onnx, string input, string name, long stride, long pad) =>
        onnx.Node("Conv", [input, name + ".w", name + ".b"], [name], ("strides", new long[] { stride, stride }), ("pads", new long[] { pad, pad, pad, pad }));

    private void Add(Generator g, string name, long outChannels, long inChannels, long kernel)
    {
        using var scope = NewDisposeScope();
        var scale = (float)Math.Sqrt(2.0 / (inChannels * kernel * kernel));
        var weight = randn([outChannels, inChannels, kernel, kernel], generator: g).data<float>().ToArray().Select(v => v * scale).ToArray();
        // Small deterministic biases from the layer's position: no second random stream to keep in step.
        var index = _layers.Count;
        var bias = Enumerable.Range(0, (int)outChannels).Select(i => 0.05f * MathF.Sin((i * 7) + index)).ToArray();
        _layers[name] = new Layer(weight, [outChannels, inChannels, kernel, kernel], bias);
    }

    private sealed record Block(string Name, long In, long Mid, long Out, bool StrideOnFirst);

    private sealed record Layer(float[] Weight, long[] Shape, float[] Bias);
}
