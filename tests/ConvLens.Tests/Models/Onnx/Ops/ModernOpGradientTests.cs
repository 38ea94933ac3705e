using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx.Ops;

/// <summary>
/// The input gradient through each op added for modern exports (the conformance data runs them forward only):
/// float64 autograd against central finite differences, with respect to every floating graph input.
/// </summary>
public class ModernOpGradientTests(ITestOutputHelper log)
{
    private const double Step = 1e-6;

    public static TheoryData<string> Cases => [.. Graphs.Keys];

    /// <summary>One small graph per op and form: (model, float64 inputs).</summary>
    private static readonly Dictionary<string, Func<Generator, (OnnxModelBuilder Model, Tensor[] Inputs)>> Graphs = new(StringComparer.Ordinal)
    {
        ["Einsum attention scores"] = g => (
            new OnnxModelBuilder(13).Input("q", 1, 2, 3, 4).Input("k", 1, 2, 5, 4)
                .Node("Einsum", ["q", "k"], ["y"], ("equation", "b h i d, b h j d -> b h i j")).Output("y"),
            [Randn(g, 1, 2, 3, 4), Randn(g, 1, 2, 5, 4)]),
        ["Einsum diagonal and sum"] = g => (
            new OnnxModelBuilder(13).Input("x", 2, 3, 3).Node("Einsum", ["x"], ["y"], ("equation", "...ii->...i")).Output("y"),
            [Randn(g, 2, 3, 3)]),
        ["ScatterND none"] = g => (
            new OnnxModelBuilder(13).Input("data", 4, 3).Input("updates", 2, 3)
                .Int64Initializer("indices", [2, -4], 2, 1)
                .Node("ScatterND", ["data", "indices", "updates"], ["y"]).Output("y"),
            [Randn(g, 4, 3), Randn(g, 2, 3)]),
        ["ScatterND mul with repeated indices"] = g => (
            new OnnxModelBuilder(16).Input("data", 4, 3).Input("updates", 3, 3)
                .Int64Initializer("indices", [1, 3, 1], 3, 1)
                .Node("ScatterND", ["data", "indices", "updates"], ["y"], ("reduction", "mul")).Output("y"),
            [Randn(g, 4, 3), Randn(g, 3, 3)]),
        ["ScatterND max"] = g => (
            new OnnxModelBuilder(18).Input("data", 2, 3).Input("updates", 3)
                .Int64Initializer("indices", [0, 1, 1, 2, 0, 0], 3, 2)
                .Node("ScatterND", ["data", "indices", "updates"], ["y"], ("reduction", "max")).Output("y"),
            [Randn(g, 2, 3), Randn(g, 3)]),
        ["ScatterElements add"] = g => (
            new OnnxModelBuilder(16).Input("data", 3, 4).Input("updates", 3, 2)
                .Int64Initializer("indices", [0, 3, 1, 1, -1, 2], 3, 2)
                .Node("ScatterElements", ["data", "indices", "updates"], ["y"], ("axis", 1L), ("reduction", "add")).Output("y"),
            [Randn(g, 3, 4), Randn(g, 3, 2)]),
        ["GatherND batch_dims 1"] = g => (
            new OnnxModelBuilder(13).Input("data", 2, 3, 4)
                .Int64Initializer("indices", [1, 0, 2, 2], 2, 2, 1)
                .Node("GatherND", ["data", "indices"], ["y"], ("batch_dims", 1L)).Output("y"),
            [Randn(g, 2, 3, 4)]),
        ["TopK values"] = g => (
            new OnnxModelBuilder(13).Input("x", 3, 5).Int64Initializer("k", [2], 1)
                .Node("TopK", ["x", "k"], ["values", "indices"], ("largest", 0L)).Output("values"),
            [Randn(g, 3, 5)]),
        ["CumSum exclusive reverse"] = g => (
            new OnnxModelBuilder(13).Input("x", 3, 4).Int64Initializer("axis", [1])
                .Node("CumSum", ["x", "axis"], ["y"], ("exclusive", 1L), ("reverse", 1L)).Output("y"),
            [Randn(g, 3, 4)]),
        ["Trilu lower"] = g => (
            new OnnxModelBuilder(14).Input("x", 2, 3, 4).Int64Initializer("k", [1])
                .Node("Trilu", ["x", "k"], ["y"], ("upper", 0L)).Output("y"),
            [Randn(g, 2, 3, 4)]),
        ["GroupNormalization per group (18)"] = g => (
            new OnnxModelBuilder(18).Input("x", 2, 4, 3).Input("scale", 2).Input("bias", 2)
                .Node("GroupNormalization", ["x", "scale", "bias"], ["y"], ("num_groups", 2L)).Output("y"),
            [Randn(g, 2, 4, 3), Randn(g, 2), Randn(g, 2)]),
        ["GroupNormalization per channel (21)"] = g => (
            new OnnxModelBuilder(21).Input("x", 2, 4, 3).Input("scale", 4).Input("bias", 4)
                .Node("GroupNormalization", ["x", "scale", "bias"], ["y"], ("num_groups", 2L)).Output("y"),
            [Randn(g, 2, 4, 3), Randn(g, 4), Randn(g, 4)]),
        ["Mish"] = g => (
            new OnnxModelBuilder(18).Input("x", 3, 4).Node("Mish", ["x"], ["y"]).Output("y"),
            [Randn(g, 3, 4)]),
        ["GridSample bilinear border"] = g => (
            new OnnxModelBuilder(16).Input("x", 1, 2, 3, 4).Input("grid", 1, 2, 3, 2)
                .Node("GridSample", ["x", "grid"], ["y"], ("padding_mode", "border")).Output("y"),
            [Randn(g, 1, 2, 3, 4), Grid(g, 1, 2, 3)]),
        ["GridSample bicubic reflection"] = g => (
            new OnnxModelBuilder(16).Input("x", 1, 2, 3, 4).Input("grid", 1, 2, 3, 2)
                .Node("GridSample", ["x", "grid"], ["y"], ("mode", "bicubic"), ("padding_mode", "reflection")).Output("y"),
            [Randn(g, 1, 2, 3, 4), Grid(g, 1, 2, 3)]),
        ["GridSample bicubic zeros align_corners"] = g => (
            new OnnxModelBuilder(16).Input("x", 1, 1, 4, 4).Input("grid", 1, 3, 3, 2)
                .Node("GridSample", ["x", "grid"], ["y"], ("mode", "bicubic"), ("align_corners", 1L)).Output("y"),
            [Randn(g, 1, 1, 4, 4), Grid(g, 1, 3, 3)]),
        ["If reading enclosing values"] = g => (IfModel(taken: 1), [Randn(g, 2, 3)]),
    };

    /// <summary>
    /// If whose then-branch multiplies the outer input by an outer initializer and whose else-branch negates it;
    /// <paramref name="taken"/> (1 or 0) picks the branch. Neither branch lists its reads as inputs, as in real files.
    /// </summary>
    internal static OnnxModelBuilder IfModel(long taken)
    {
        var thenBranch = new OnnxModelBuilder().Node("Mul", ["x", "w"], ["then_y"]).Output("then_y").Build().Graph;
        var elseBranch = new OnnxModelBuilder().Node("Neg", ["x"], ["else_y"]).Output("else_y").Build().Graph;
        return new OnnxModelBuilder(13).Input("x", 2, 3)
            .Initializer("w", [1, 2, 3, 4, 5, 6], 2, 3)
            .Int64Initializer("taken", [taken])
            .Node("Cast", ["taken"], ["condition"], ("to", 9L))
            .Node("If", ["condition"], ["y"], ("then_branch", thenBranch), ("else_branch", elseBranch))
            .Output("y");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_match_central_finite_differences(string name)
    {
        using var scope = NewDisposeScope();
        var (model, inputs) = Graphs[name](new Generator(11));
        using var graph = OnnxModelLoader.Compile(model.Build(), name);
        var output = graph.OutputNames.First();
        var x = inputs.Select(t => t.requires_grad_(true)).ToArray();
        // A fixed random weighting, so that a gradient routed to the wrong element shows.
        var weights = rand(graph.Evaluate(x, [output])[output].shape, ScalarType.Float64, generator: new Generator(3));
        Tensor Loss(Tensor[] values) => (graph.Evaluate(values, [output])[output] * weights).sum();

        var analytic = autograd.grad([Loss(x)], x);

        for (var v = 0; v < x.Length; v++)
        {
            var numeric = zeros_like(x[v]);
            using (no_grad())
            {
                var flat = x[v].detach().flatten();
                for (var i = 0; i < flat.numel(); i++)
                {
                    double At(double delta)
                    {
                        var moved = flat.clone();
                        moved[i] += delta;
                        var values = x.Select(t => t.detach()).ToArray();
                        values[v] = moved.reshape(x[v].shape);
                        return Loss(values).item<double>();
                    }

                    numeric.flatten()[i] = (At(Step) - At(-Step)) / (2 * Step);
                }
            }

            var error = ((analytic[v] - numeric).abs().max() / numeric.abs().max().clamp_min(1e-12)).item<double>();
            log.WriteLine($"{name}, input {v}: max relative error {error:G3}");
            Assert.True(error < 1e-6, $"{name}: input {v} gradient differs from finite differences by {error:G3} (relative)");
        }
    }

    private static Tensor Randn(Generator g, params long[] shape) => randn(shape, ScalarType.Float64, generator: g);

    /// <summary>Sampling positions inside and just outside [−1, 1], away from the integer pixel positions where bilinear and bicubic sampling have kinks.</summary>
    private static Tensor Grid(Generator g, long n, long h, long w) => (rand([n, h, w, 2], ScalarType.Float64, generator: g) * 2.4) - 1.2;
}
