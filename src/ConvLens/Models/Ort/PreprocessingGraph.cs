using Google.Protobuf;
using Onnx;

namespace ConvLens.Models.Ort;

/// <summary>
/// A model's <see cref="Preprocessing"/> as ONNX nodes in front of its input, so that an ONNX Runtime session takes
/// the RGB 0..1 images <see cref="LoadedModel.Run"/> gets. The same float32 operations in the same order as
/// <see cref="Preprocessing.Apply"/> (channel gather, multiply, subtract, divide), so the input the network sees is
/// bit for bit the one libtorch computes.
/// </summary>
/// <remarks>
/// Why: libtorch's preprocessing between two ONNX Runtime runs costs little itself (0.2 ms at batch 1), but its
/// OpenMP threads and ONNX Runtime's pool, both spinning after their work, then fight over the two cores; at batch 1
/// that tripled the time of a forward (docs/performance.md, "Forward-only work on ONNX Runtime").
/// </remarks>
internal static class PreprocessingGraph
{
    /// <summary>The name of the images input of a session with the preprocessing in front.</summary>
    public const string ImagesInput = "convlens_rgb_images";

    /// <summary>
    /// Whether images of this size can go through the graph's preprocessing: always, except that a mean image is
    /// stored at the trained size only (at other sizes <see cref="Preprocessing.Apply"/> resizes it).
    /// </summary>
    public static bool Folds(Preprocessing preprocessing, long height, long width) =>
        preprocessing.MeanImage is null || (height == preprocessing.Height && width == preprocessing.Width);

    /// <summary>Makes <paramref name="modelInput"/> the output of the preprocessing of a new input <see cref="ImagesInput"/>.</summary>
    public static void Prepend(ModelProto model, string modelInput, Preprocessing preprocessing)
    {
        var g = model.Graph;
        var original = g.Input.First(i => i.Name == modelInput);
        g.Input.Remove(original);
        g.Input.Insert(0, new ValueInfoProto
        {
            Name = ImagesInput,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
        });

        var nodes = new List<NodeProto>();
        var current = ImagesInput;
        void Step(string op, string name, TensorProto constant, Action<NodeProto>? configure = null)
        {
            constant.Name = $"convlens_pre_{name}_value";
            g.Initializer.Add(constant);
            if (model.IrVersion < 4)
            {
                // Before IR 4 every initializer is also listed as an input.
                g.Input.Add(new ValueInfoProto { Name = constant.Name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = constant.DataType } } });
            }

            var node = new NodeProto { OpType = op, Name = $"convlens_pre_{name}", Input = { current, constant.Name }, Output = { $"convlens_pre_{name}" } };
            configure?.Invoke(node);
            nodes.Add(node);
            current = node.Output[0];
        }

        if (preprocessing.Order == ChannelOrder.Bgr)
        {
            Step("Gather", "bgr", Int64s([3], [2, 1, 0]), n => n.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        }

        if (preprocessing.Scale != 1f)
        {
            Step("Mul", "scale", Floats([], [preprocessing.Scale]));
        }

        if (preprocessing.MeanImage is { } meanImage)
        {
            Step("Sub", "mean_image", Floats([1, 3, preprocessing.Height, preprocessing.Width], meanImage));
        }
        else if (preprocessing.Mean is { } mean)
        {
            Step("Sub", "mean", Floats([1, 3, 1, 1], [.. mean]));
        }

        if (preprocessing.Std is { } std)
        {
            Step("Div", "std", Floats([1, 3, 1, 1], [.. std]));
        }

        // The last step writes the value the network reads; with no step at all, an Identity does.
        if (nodes.Count == 0)
        {
            nodes.Add(new NodeProto { OpType = "Identity", Name = "convlens_pre_identity", Input = { current }, Output = { modelInput } });
        }
        else
        {
            nodes[^1].Output[0] = modelInput;
        }

        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            g.Node.Insert(0, nodes[i]);
        }
    }

    private static TensorProto Floats(long[] dims, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims }, RawData = ByteString.CopyFrom(bytes) };
    }

    private static TensorProto Int64s(long[] dims, long[] values) =>
        new() { DataType = (int)TensorProto.Types.DataType.Int64, Dims = { dims }, Int64Data = { values } };
}
