using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Relevance;
using ConvLens.Visualize.Attribution.Targets;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Visualize.Attribution.Relevance;

/// <summary>
/// LRP against a reference written out layer by layer (the explicit rules of Montavon et al. 2019, with transposed
/// convolutions instead of autograd), on a residual network with batch norms, max and average pooling, as a TorchSharp
/// module and as an ONNX graph with the same weights.
/// </summary>
public class LrpReferenceTests(ITestOutputHelper output)
{
    private const int Classes = 3;
    private const float Eps = 1e-6f;
    private static readonly float[] Mean = [0.5f, 0.4f, 0.3f];
    private static readonly float[] Std = [0.2f, 0.25f, 0.3f];
    private static readonly Preprocessing Input = new() { Height = 8, Width = 8, Mean = Mean, Std = Std };

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var c in LrpComposite.All)
        {
            data.Add(c.Id, false);
            data.Add(c.Id, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_equal_the_layer_by_layer_reference_on_a_residual_network(string composite, bool onnx)
    {
        using var folder = new TempFolder();
        using var scope = NewDisposeScope();
        var net = new Weights(seed: 11);
        using LoadedModel model = onnx ? net.Onnx(folder.Path) : net.Module();
        var image = rand(2, 3, 8, 8, generator: new Generator(5));

        for (var k = 0; k < Classes; k++)
        {
            var result = new Lrp(LrpComposite.All.Single(c => c.Id == composite)).Relevance(model, image, new ClassLogit(k));
            var (expected, expectedBias, logits) = net.Reference(image, composite, k);

            var scale = expected.abs().max().item<double>();
            var diff = (result.Input.to(float64) - expected).abs().max().item<double>();
            output.WriteLine($"{composite} class {k}: max |R| {scale:G4}, max |diff| {diff:G3}, bias {result.BiasSums[0]:G5} vs {expectedBias[0].item<double>():G5}");
            Assert.True(diff <= 1e-4 * scale, $"class {k}: relevance differs by {diff} (max |R| {scale})");
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(logits[i].item<double>(), result.Scores[i], 1e-4);
                Assert.Equal(expectedBias[i].item<double>(), result.BiasSums[i], 1e-4 * Math.Max(1, Math.Abs(logits[i].item<double>())));
            }
        }
    }

    [Fact]
    public void Should_equal_input_times_gradient_with_lrp_epsilon_on_a_network_without_biases()
    {
        // LRP-0 on a ReLU network without biases is input × gradient (Montavon et al. 2019, section 10.2.1).
        using var scope = NewDisposeScope();
        var net = new Weights(seed: 3, biases: false);
        using var model = net.Module();
        var image = rand(2, 3, 8, 8, generator: new Generator(8));
        var relevance = new Lrp(new LrpComposite("lrp-0", "ε = 0", new EpsilonRule(0), new EpsilonRule(0), new EpsilonRule(0), new EpsilonRule(0)))
            .Relevance(model, image, new ClassLogit(2)).Input;

        var x = Input.Apply(image).detach().requires_grad_(true);
        var grad = autograd.grad([model.Module.call(x)[.., 2].sum()], [x])[0];
        var expected = x.detach() * grad;

        Assert.True(allclose(relevance, expected, rtol: 1e-4, atol: 1e-6), $"max |diff| {(relevance - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Should_keep_the_model_scores_and_give_a_map_per_image_and_target_through_the_registry()
    {
        using var scope = NewDisposeScope();
        var net = new Weights(seed: 11);
        using var model = net.Module();
        var image = rand(3, 3, 8, 8, generator: new Generator(6));
        using var noGrad = no_grad();
        var logits = model.Run(image).Output!;

        var result = AttributionMethods.Create("lrp-epsilon-gamma-box").Explain(model, image, new AttributionRequest { Targets = [new ClassLogit(0), new ClassLogit(1)], BatchSize = 2 });

        Assert.Equal(6, result.Maps.Count);
        for (var i = 0; i < 3; i++)
        {
            for (var t = 0; t < 2; t++)
            {
                // Exactly the plain forward's logit: the rules change the backward pass only.
                Assert.Equal(logits[i, t].item<float>(), result[i, t].Score);
                var reference = new Lrp(LrpComposite.EpsilonGammaBox).Relevance(model, image[i..(i + 1)], new ClassLogit(t));
                var expected = reference.Input.sum([0, 1]).flatten().data<float>().ToArray();
                Assert.All(expected.Zip(result[i, t].Raw), v => Assert.Equal(v.First, v.Second, 1e-5f));
            }
        }
    }

    [Fact]
    public void Should_warn_on_the_map_When_an_op_without_a_rule_loses_relevance()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(4);
        var sigmoidNet = nn.Sequential(("conv", nn.Conv2d(3, 4, 3, padding: 1)), ("act", nn.Sigmoid()), ("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(4, Classes)));
        using var sigmoid = new ModuleModel("sigmoid", sigmoidNet, Input);
        using var relu = new Weights(seed: 11).Module();
        var image = rand(1, 3, 8, 8, generator: new Generator(9));
        var request = new AttributionRequest { Targets = [new ClassLogit(0)] };

        var lost = new Lrp(LrpComposite.EpsilonPlus).Explain(sigmoid, image, request)[0, 0];
        var kept = new Lrp(LrpComposite.EpsilonPlus).Explain(relu, image, request)[0, 0];

        Assert.StartsWith("relevance not conserved: input and biases received ", lost.Warning, StringComparison.Ordinal);
        Assert.Null(kept.Warning);
    }

    [Fact]
    public void Should_name_the_layer_When_a_box_rule_is_given_to_an_inner_layer()
    {
        using var scope = NewDisposeScope();
        var net = new Weights(seed: 11);
        using var model = net.Module();
        var wrong = new LrpComposite("bad", "box everywhere", new ZBoxRule(), new ZBoxRule(), new EpsilonRule(), new EpsilonRule());

        var error = Assert.Throws<ConvLensException>(() => new Lrp(wrong).Relevance(model, rand(1, 3, 8, 8), new ClassLogit(0)));

        Assert.Equal("rule z-box applies only to the layer that reads the network input, not to 'conv2'", error.Message);
    }

    /// <summary>
    /// conv1 3→4 3x3 (bias) → bn1 → relu → conv2 4→4 3x3 (no bias) → bn2 → + (residual) → relu → max pool 2 → mean →
    /// fc 4→3, with random weights and batch-norm statistics.
    /// </summary>
    private sealed class Weights
    {
        public Weights(int seed, bool biases = true)
        {
            var g = new Generator((ulong)seed);
            W1 = randn(4, 3, 3, 3, generator: g) * 0.5f;
            B1 = biases ? randn(4, generator: g) * 0.2f : zeros(4);
            W2 = randn(4, 4, 3, 3, generator: g) * 0.3f;
            (Gamma1, Beta1, Mean1, Var1) = Norm(g, biases);
            (Gamma2, Beta2, Mean2, Var2) = Norm(g, biases);
            Wf = randn(Classes, 4, generator: g);
            Bf = biases ? randn(Classes, generator: g) * 0.1f : zeros(Classes);
            foreach (var t in new[] { W1, B1, W2, Gamma1, Beta1, Mean1, Var1, Gamma2, Beta2, Mean2, Var2, Wf, Bf })
            {
                t.DetachFromDisposeScope();
            }
        }

        public Tensor W1 { get; }
        public Tensor B1 { get; }
        public Tensor W2 { get; }
        public Tensor Gamma1 { get; }
        public Tensor Beta1 { get; }
        public Tensor Mean1 { get; }
        public Tensor Var1 { get; }
        public Tensor Gamma2 { get; }
        public Tensor Beta2 { get; }
        public Tensor Mean2 { get; }
        public Tensor Var2 { get; }
        public Tensor Wf { get; }
        public Tensor Bf { get; }

        public ModuleModel Module() => new("residual", new ResidualNet(this), Input);

        public OnnxModel Onnx(string folder)
        {
            float[] D(Tensor t) => t.contiguous().data<float>().ToArray();
            var path = new OnnxModelBuilder(13).Input("x", 1, 3, 8, 8)
                .Initializer("w1", D(W1), 4, 3, 3, 3).Initializer("b1", D(B1), 4)
                .Initializer("g1", D(Gamma1), 4).Initializer("be1", D(Beta1), 4).Initializer("m1", D(Mean1), 4).Initializer("v1", D(Var1), 4)
                .Initializer("w2", D(W2), 4, 4, 3, 3)
                .Initializer("g2", D(Gamma2), 4).Initializer("be2", D(Beta2), 4).Initializer("m2", D(Mean2), 4).Initializer("v2", D(Var2), 4)
                .Initializer("wf", D(Wf), Classes, 4).Initializer("bf", D(Bf), Classes)
                .Node("Conv", ["x", "w1", "b1"], ["c1"], ("pads", new long[] { 1, 1, 1, 1 }))
                .Node("BatchNormalization", ["c1", "g1", "be1", "m1", "v1"], ["n1"], ("epsilon", 1e-5f))
                .Node("Relu", ["n1"], ["a"])
                .Node("Conv", ["a", "w2"], ["c2"], ("pads", new long[] { 1, 1, 1, 1 }))
                .Node("BatchNormalization", ["c2", "g2", "be2", "m2", "v2"], ["n2"], ("epsilon", 1e-5f))
                .Node("Add", ["n2", "a"], ["u"])
                .Node("Relu", ["u"], ["y"])
                .Node("MaxPool", ["y"], ["p"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
                .Node("GlobalAveragePool", ["p"], ["gap"])
                .Node("Flatten", ["gap"], ["flat"])
                .Node("Gemm", ["flat", "wf", "bf"], ["logits"], ("transB", 1L))
                .Output("logits")
                .Save(folder, "residual");
            return OnnxModelLoader.Load(path, preprocessing: Input);
        }

        /// <summary>Expected input relevance [N,3,8,8], bias relevance [N] and logits [N] for class <paramref name="k"/>, in float64.</summary>
        public (Tensor Input, Tensor Bias, Tensor Logits) Reference(Tensor image, string composite, int k)
        {
            using var noGrad = no_grad();
            var x0 = Input.Apply(image).to(float64);
            var (w1, b1) = Fold(W1, B1, Gamma1, Beta1, Mean1, Var1);
            var (w2, b2) = Fold(W2, zeros(4), Gamma2, Beta2, Mean2, Var2);
            var (wf, bf) = (Wf.to(float64), Bf.to(float64));

            var z1 = F.conv2d(x0, w1, b1, padding: [1, 1]);
            var a = z1.relu();
            var z2 = F.conv2d(a, w2, b2, padding: [1, 1]);
            var u = z2 + a;
            var y = u.relu();
            var (p, indices) = F.max_pool2d_with_indices(y, [2, 2], [2, 2]);
            var g = p.mean([2, 3]);
            var o = g.matmul(wf.t()) + bf;

            var ro = zeros_like(o);
            ro[.., k] = o[.., k];
            var so = ro / Stab(o);
            var rg = g * so.matmul(wf);
            var bias = (bf * so).sum(1);
            var rp = p * (rg / Stab(p.sum([2, 3]))).view(-1, 4, 1, 1);
            var ry = zeros_like(y).flatten(2).scatter(2, indices.flatten(2), rp.flatten(2)).view_as(y);
            var ru = ry;
            var rz2 = z2 * ru / Stab(u);
            var ra = (a * ru / Stab(u)) + Rule(composite == "epsilon" ? "epsilon" : composite == "epsilon-gamma-box" ? "gamma" : "z-plus", a, w2, b2, z2, rz2, ref bias);
            var first = composite switch { "epsilon" => "epsilon", "epsilon-plus" => "z-plus", "epsilon-gamma-box" => "z-box", _ => "flat" };
            var rx = Rule(first, x0, w1, b1, z1, ra, ref bias);
            return (rx, bias, o[.., k]);
        }

        private static Tensor Rule(string rule, Tensor x, Tensor w, Tensor b, Tensor z, Tensor r, ref Tensor bias)
        {
            Tensor Conv(Tensor i, Tensor k) => F.conv2d(i, k, null, padding: [1, 1]);
            Tensor Back(Tensor s, Tensor k) => F.conv_transpose2d(s, k, null, padding: [1, 1]);
            var (xp, xn, wp, wn) = (x.clamp_min(0), x.clamp_max(0), w.clamp_min(0), w.clamp_max(0));
            var bv = b.view(1, -1, 1, 1);
            switch (rule)
            {
                case "epsilon":
                {
                    var s = r / Stab(Conv(x, w) + bv);
                    bias = bias + (bv * s).sum([1, 2, 3]);
                    return x * Back(s, w);
                }

                case "z-plus":
                {
                    var s = r / Stab(Conv(xp, wp) + Conv(xn, wn));
                    return (xp * Back(s, wp)) + (xn * Back(s, wn));
                }

                case "gamma":
                {
                    const float gamma = 0.25f;
                    var (up, down) = (w + (gamma * wp), w + (gamma * wn));
                    var (bUp, bDown) = (bv + (gamma * bv.clamp_min(0)), bv + (gamma * bv.clamp_max(0)));
                    var sp = r * (z > 0).to(float64) / Stab(Conv(xp, up) + Conv(xn, down) + bUp);
                    var sn = r * (z < 0).to(float64) / Stab(Conv(xp, down) + Conv(xn, up) + bDown);
                    bias = bias + (bUp * sp).sum([1, 2, 3]) + (bDown * sn).sum([1, 2, 3]);
                    return (xp * (Back(sp, up) + Back(sn, down))) + (xn * (Back(sp, down) + Back(sn, up)));
                }

                case "z-box":
                {
                    var low = Input.Apply(zeros_like(x).to(float32)).to(float64);
                    var high = Input.Apply(ones_like(x).to(float32)).to(float64);
                    var s = r / Stab(Conv(x, w) - Conv(low, wp) - Conv(high, wn));
                    return (x * Back(s, w)) - (low * Back(s, wp)) - (high * Back(s, wn));
                }

                default:
                {
                    var s = r / Stab(Conv(ones_like(x), ones_like(w)));
                    return Back(s, ones_like(w));
                }
            }
        }

        private static Tensor Stab(Tensor z) => z + (where(z >= 0, Eps, -Eps));

        private static (Tensor W, Tensor B) Fold(Tensor w, Tensor b, Tensor gamma, Tensor beta, Tensor mean, Tensor variance)
        {
            var s = (gamma / (variance + 1e-5f).sqrt()).to(float64);
            return (w.to(float64) * s.view(-1, 1, 1, 1), (s * b.to(float64)) + beta.to(float64) - (mean.to(float64) * s));
        }

        private static (Tensor, Tensor, Tensor, Tensor) Norm(Generator g, bool biases) =>
            (rand(4, generator: g) + 0.5f, biases ? randn(4, generator: g) * 0.3f : zeros(4), biases ? randn(4, generator: g) * 0.3f : zeros(4), rand(4, generator: g) + 0.5f);
    }

    private sealed class ResidualNet : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly ReLU relu1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly ReLU relu2;
        private readonly MaxPool2d pool;
        private readonly Linear fc;

        public ResidualNet(Weights w)
            : base("residual")
        {
            conv1 = nn.Conv2d(3, 4, 3, padding: 1);
            bn1 = nn.BatchNorm2d(4);
            relu1 = nn.ReLU();
            conv2 = nn.Conv2d(4, 4, 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(4);
            relu2 = nn.ReLU();
            pool = nn.MaxPool2d(2);
            fc = nn.Linear(4, Classes);
            using (no_grad())
            {
                conv1.weight.copy_(w.W1);
                conv1.bias!.copy_(w.B1);
                conv2.weight.copy_(w.W2);
                Set(bn1, w.Gamma1, w.Beta1, w.Mean1, w.Var1);
                Set(bn2, w.Gamma2, w.Beta2, w.Mean2, w.Var2);
                fc.weight.copy_(w.Wf);
                fc.bias!.copy_(w.Bf);
            }

            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var a = relu1.call(bn1.call(conv1.call(x)));
            var y = relu2.call(bn2.call(conv2.call(a)) + a);
            return fc.call(pool.call(y).mean([2, 3]));
        }

        private static void Set(BatchNorm2d bn, Tensor gamma, Tensor beta, Tensor mean, Tensor variance)
        {
            bn.weight!.copy_(gamma);
            bn.bias!.copy_(beta);
            bn.running_mean!.copy_(mean);
            bn.running_var!.copy_(variance);
        }
    }
}
