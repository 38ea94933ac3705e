using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Models.Onnx.Ops;

/// <summary>
/// What the ONNX 1.12 test data does not reach for the ops added for modern exports: the opset-18 and 21 forms
/// (GroupNormalization, Mish, ScatterND max and min), TopK's and NonMaxSuppression's tie order, the einsum
/// equations torch exports write, and the errors for bad attributes and equations.
/// </summary>
public class ModernOpTests
{
    [Fact]
    public void Should_scale_each_group_by_its_own_value_When_GroupNormalization_is_opset_18()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 6, 3, 3);
        float[] scale = [2f, -1f, 0.5f];
        float[] bias = [0.1f, 0.2f, 0.3f];
        var model = new OnnxModelBuilder(18).Input("x", 2, 6, 3, 3).Initializer("scale", scale, 3).Initializer("bias", bias, 3)
            .Node("GroupNormalization", ["x", "scale", "bias"], ["y"], ("num_groups", 3L), ("epsilon", 1e-3f)).Output("y");

        var y = Run(model, x);

        var grouped = x.reshape(2, 3, -1);
        var normalized = (grouped - grouped.mean([2], keepdim: true)) / (grouped.var(2, unbiased: false, keepdim: true) + 1e-3).sqrt();
        var expected = ((normalized * tensor(scale).reshape(1, 3, 1)) + tensor(bias).reshape(1, 3, 1)).reshape(x.shape);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Should_scale_each_channel_When_GroupNormalization_is_opset_21()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 4, 5);
        var scale = randn(4);
        var bias = randn(4);
        var model = new OnnxModelBuilder(21).Input("x", 2, 4, 5).Initializer("scale", scale.data<float>().ToArray(), 4)
            .Initializer("bias", bias.data<float>().ToArray(), 4)
            .Node("GroupNormalization", ["x", "scale", "bias"], ["y"], ("num_groups", 2L)).Output("y");

        var y = Run(model, x);

        Assert.True(y.allclose(F.group_norm(x, 2, scale, bias, 1e-5), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Should_compute_x_tanh_softplus_x_When_Mish()
    {
        using var scope = NewDisposeScope();
        var x = linspace(-6, 6, 25);

        var y = Run(new OnnxModelBuilder(18).Input("x", 25).Node("Mish", ["x"], ["y"]).Output("y"), x);

        Assert.True(y.allclose(x * (x.exp() + 1).log().tanh(), rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [InlineData("max", new float[] { 9, 1, 5, 7 })]
    [InlineData("min", new float[] { 0, 1, -2, 4 })]
    public void Should_combine_repeated_indices_When_ScatterND_reduces_by_max_or_min(string reduction, float[] expected)
    {
        using var scope = NewDisposeScope();
        var data = tensor(new float[] { 3, 1, 5, 4 });
        var model = new OnnxModelBuilder(18).Input("data", 4).Initializer("updates", [9, 0, -2, 7, 6], 5)
            .Int64Initializer("indices", [0, 0, 2, 3, -1], 5, 1)
            .Node("ScatterND", ["data", "indices", "updates"], ["y"], ("reduction", reduction)).Output("y");

        var y = Run(model, data);

        Assert.Equal(expected, y.data<float>().ToArray());
    }

    [Fact]
    public void Should_multiply_every_repeated_update_When_ScatterElements_reduces_by_mul()
    {
        using var scope = NewDisposeScope();
        var data = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var model = new OnnxModelBuilder(16).Input("data", 2, 3).Initializer("updates", [2, 3, 10, -1], 2, 2)
            .Int64Initializer("indices", [1, 1, 0, 2], 2, 2)
            .Node("ScatterElements", ["data", "indices", "updates"], ["y"], ("axis", 1L), ("reduction", "mul")).Output("y");

        var y = Run(model, data);

        Assert.Equal(new float[] { 1, 12, 3, 40, 5, -6 }, y.data<float>().ToArray());
    }

    [Theory]
    [InlineData(1L, new long[] { 1, 2, 4 })]
    [InlineData(0L, new long[] { 0, 5, 3 })]
    public void Should_order_ties_by_lower_index_When_TopK(long largest, long[] expected)
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 3, 3, 2, 3, 1 });
        var model = new OnnxModelBuilder(11).Input("x", 6).Int64Initializer("k", [3], 1)
            .Node("TopK", ["x", "k"], ["values", "indices"], ("largest", largest)).Output("values").Output("indices", 7);

        using var graph = OnnxModelLoader.Compile(model.Build(), "topk");
        var outputs = graph.Evaluate([x], ["values", "indices"]);

        Assert.Equal(expected, outputs["indices"].data<long>().ToArray());
        Assert.Equal(x.index_select(0, tensor(expected)).data<float>().ToArray(), outputs["values"].data<float>().ToArray());
    }

    [Theory]
    [InlineData("B G H I D, B G H J D -> B G H I J")]
    [InlineData("bghid,bghjd->bghij")]
    [InlineData("...id,...jd")]
    public void Should_contract_attention_scores_When_Einsum_is_written_as_torch_exports_it(string equation)
    {
        using var scope = NewDisposeScope();
        var q = randn([2, 3, 4, 5, 8]);
        var k = randn([2, 3, 4, 6, 8]);
        var model = new OnnxModelBuilder(12).Input("q", 2, 3, 4, 5, 8).Input("k", 2, 3, 4, 6, 8)
            .Node("Einsum", ["q", "k"], ["y"], ("equation", equation)).Output("y");

        var y = Run(model, q, k);

        Assert.True(y.allclose(q.matmul(k.transpose(-1, -2)), rtol: 1e-5, atol: 1e-5));
    }

    [Theory]
    [InlineData("ij,jk->ik", 1, "2 input terms for 1 inputs")]
    [InlineData("ij->ik", 1, "output subscript 'k' appears in no input term")]
    [InlineData("i1->i", 1, "term 'i1' has '1'")]
    [InlineData("ii->ii", 1, "output subscript 'i' appears more than once")]
    [InlineData("....i->i", 1, "more than one '...'")]
    public void Should_name_the_equation_When_Einsum_cannot_parse_it(string equation, int inputs, string reason)
    {
        var builder = new OnnxModelBuilder(12).Input("x", 3, 3);
        var model = builder.Node("Einsum", [.. Enumerable.Repeat("x", inputs)], ["y"], ("equation", equation)).Output("y");

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Compile(model.Build(), "einsum.onnx"));

        Assert.Contains("Einsum", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'equation' \"{equation}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_equation_and_shapes_When_Einsum_operands_do_not_fit()
    {
        using var scope = NewDisposeScope();
        var model = new OnnxModelBuilder(12).Input("a", 2, 3).Input("b", 4, 5)
            .Node("Einsum", ["a", "b"], ["y"], ("equation", "ij,jk->ik")).Output("y");
        using var graph = OnnxModelLoader.Compile(model.Build(), "einsum.onnx");

        var error = Assert.Throws<OnnxImportException>(() => graph.Evaluate([randn(2, 3), randn(4, 5)], ["y"]));

        Assert.Contains("Einsum", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"ij,jk->ik\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("subscript 'j' is 3 in one place and 4 in input 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(0L)]
    public void Should_run_the_branch_the_condition_picks_and_move_its_weights_with_the_model_When_If(long taken)
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3);
        using var graph = OnnxModelLoader.Compile(ModernOpGradientTests.IfModel(taken).Build(), "if");

        graph.to(ScalarType.Float64);
        var y = graph.Evaluate([x.to_type(ScalarType.Float64)], ["y"])["y"];

        var expected = taken == 1 ? x * arange(1, 7).reshape(2, 3) : -x;
        Assert.Equal(ScalarType.Float64, y.dtype);
        Assert.True(y.allclose(expected.to_type(ScalarType.Float64), rtol: 1e-6, atol: 1e-6));
    }

    [Fact]
    public void Should_keep_boxes_by_score_and_drop_overlaps_above_the_threshold_When_NonMaxSuppression()
    {
        using var scope = NewDisposeScope();
        // Box 1 overlaps box 0 with IoU 0.81, box 2 lies apart; class 1 scores box 2 first and keeps at most 2.
        float[] corners = [0, 0, 10, 10, 1, 1, 10, 10, 20, 20, 30, 30];
        float[] classScores = [0.9f, 0.8f, 0.7f, 0.1f, 0.2f, 0.95f];
        var boxes = tensor(corners).reshape(1, 3, 4);
        var scores = tensor(classScores).reshape(1, 2, 3);
        var model = new OnnxModelBuilder(11).Input("boxes", 1, 3, 4).Input("scores", 1, 2, 3)
            .Int64Initializer("max", [2], 1).Initializer("iou", [0.5f], 1)
            .Node("NonMaxSuppression", ["boxes", "scores", "max", "iou"], ["selected"]).Output("selected", 7);

        long[] expected = [0, 0, 0, 0, 0, 2, 0, 1, 2, 0, 1, 1];

        var selected = Run(model, boxes, scores);

        Assert.Equal(expected, selected.data<long>().ToArray());
    }

    [Fact]
    public void Should_visit_tied_scores_by_lower_index_as_onnx_runtime_does_When_NonMaxSuppression()
    {
        using var scope = NewDisposeScope();
        // Boxes 1, 2 and 3 tie at 0.9; 1 and 3 overlap (IoU 0.81), 2 lies apart, 0 scores less and overlaps 2.
        // Visiting ties by lower index keeps 1 (dropping 3), then 2 (dropping 0); the other order would keep 3.
        // The spec leaves the order of ties open; ONNX Runtime's queue takes the lower index, and so does ConvLens.
        float[] corners = [20, 20, 30, 30, 0, 0, 10, 10, 20, 20, 31, 31, 1, 1, 10, 10];
        float[] tied = [0.5f, 0.9f, 0.9f, 0.9f];
        var model = new OnnxModelBuilder(11).Input("boxes", 1, 4, 4).Input("scores", 1, 1, 4)
            .Int64Initializer("max", [4], 1).Initializer("iou", [0.5f], 1)
            .Node("NonMaxSuppression", ["boxes", "scores", "max", "iou"], ["selected"]).Output("selected", 7);
        long[] expected = [0, 0, 1, 0, 0, 2];

        var selected = Run(model, tensor(corners).reshape(1, 4, 4), tensor(tied).reshape(1, 1, 4)).data<long>().ToArray();

        using var session = new InferenceSession(model.ToBytes(), OrtReference.Options());
        using var ort = session.Run([
            NamedOnnxValue.CreateFromTensor("boxes", new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(corners, [1, 4, 4])),
            NamedOnnxValue.CreateFromTensor("scores", new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(tied, [1, 1, 4]))]);
        Assert.Equal(expected, selected);
        Assert.Equal(expected, ort.Single().AsTensor<long>().ToArray());
    }

    public static TheoryData<string, int, string, object> BadAttributes => new()
    {
        { "ScatterND", 16, "reduction", "max" },
        { "ScatterElements", 18, "reduction", "sum" },
        { "TopK", 11, "largest", 2L },
        { "CumSum", 11, "exclusive", 3L },
        { "Trilu", 14, "upper", -1L },
        { "GroupNormalization", 18, "num_groups", 0L },
        { "GroupNormalization", 21, "stash_type", 7L },
        { "GridSample", 16, "mode", "cubic" },
        { "GridSample", 20, "padding_mode", "wrap" },
        { "GridSample", 16, "align_corners", 2L },
        { "GatherND", 12, "batch_dims", -1L },
        { "NonMaxSuppression", 11, "center_point_box", 2L },
    };

    [Theory]
    [MemberData(nameof(BadAttributes))]
    public void Should_name_node_op_and_attribute_When_an_attribute_is_invalid(string op, int opset, string attribute, object value)
    {
        // GroupNormalization needs num_groups, so give it a valid one unless that is the attribute under test.
        (string, object)[] attributes = op == "GroupNormalization" && attribute != "num_groups"
            ? [(attribute, value), ("num_groups", 1L)]
            : [(attribute, value)];
        var model = new OnnxModelBuilder(opset).Input("x", 2, 2, 2, 2).Input("b", 2).Input("c", 2)
            .Node(op, ["x", "b", "c"], ["y"], attributes).Output("y");

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Compile(model.Build(), "bad.onnx"));

        Assert.Contains($"node '{op}_0' ({op}, opset {opset})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"attribute '{attribute}' is", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static Tensor Run(OnnxModelBuilder model, params Tensor[] inputs)
    {
        using var graph = OnnxModelLoader.Compile(model.Build(), "test");
        var output = graph.OutputNames.First();
        return graph.Evaluate(inputs, [output])[output];
    }
}
