using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Cli;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Models.Onnx;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using FeatureMapsApi = ConvLens.Visualize.FeatureMaps.FeatureMaps;
using ConvLens.Visualize.Maximize;
using ConvLens.Visualize.Statistics;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution;

/// <summary>
/// Transformer-shaped models (a ViT with a class token, a Swin with [N,H,W,C] stages, generated with the ONNX
/// writer): they import and match ONNX Runtime, and CAMs, feature maps, statistics and activation maximization read
/// their token layers on the right grid.
/// </summary>
public class TokenLayerTests
{
    public static TheoryData<string, string> DefaultLayers => new() { { "vit", "b1_ln1" }, { "swin", "final_norm" } };

    public static TheoryData<string, string> MethodsOnModels()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "vit", "swin" })
        {
            foreach (var method in new[] { "grad-cam", "grad-cam++", "xgrad-cam", "hires-cam", "layer-cam", "score-cam", "eigen-cam", "ablation-cam" })
            {
                data.Add(model, method);
            }
        }

        return data;
    }

    [Theory]
    [InlineData("vit", "b1_ln1")]
    [InlineData("swin", "final_norm")]
    public void Should_match_onnx_runtime_on_the_output_and_a_token_layer(string kind, string layer)
    {
        using var folder = new TempFolder();
        var builder = Builder(kind);
        using var model = TransformerModels.Load(builder, folder.Path, kind);
        var input = Input(2, seed: 5);
        using var session = new InferenceSession(OrtReference.WithOutputs(builder.Build(), [layer]), OrtReference.Options());
        using var scope = NewDisposeScope();

        var run = model.Run(tensor(input, 2, 3, TransformerModels.Size, TransformerModels.Size), [layer]);
        var expected = OrtReference.Run(session, "x", input, [2, 3, TransformerModels.Size, TransformerModels.Size], ["logits", layer]);

        foreach (var (actual, name) in new[] { (run.Output!, "logits"), (run[layer], layer) })
        {
            Assert.Equal(expected[name].Shape, actual.shape);
            var (diff, reference) = OrtReference.Compare(actual, expected[name].Data);
            Assert.True(diff <= 1e-4 * Math.Max(1, reference), $"{name}: max diff {diff:G3} (max |ref| {reference:G3})");
        }
    }

    [Theory]
    [MemberData(nameof(DefaultLayers))]
    public void Should_explain_the_last_block_norm_by_default(string kind, string expected)
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(Builder(kind), folder.Path, kind);
        using var scope = NewDisposeScope();

        var result = AttributionMethods.Create("grad-cam").Explain(model, tensor(Input(1, 3), 1, 3, 32, 32), new AttributionRequest { Targets = [new ClassLogit(1)] });

        Assert.Equal(expected, result.Layer);
        Assert.Null(result[0, 0].Warning);
    }

    [Fact]
    public void Should_compute_grad_cam_of_a_class_token_layer_on_the_patch_grid()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Vit(), folder.Path, "vit");
        using var scope = NewDisposeScope();
        var x = tensor(Input(1, 7), 1, 3, 32, 32);

        var map = AttributionMethods.Create("grad-cam").Explain(model, x, new AttributionRequest { Layer = "b1_ln1", Targets = [new ClassLogit(2)] })[0, 0];

        // The same map written out by hand: token 1 + 4r + c is patch (r, c); weights are the patch-mean gradients.
        using var grad = enable_grad();
        var run = model.Run(x.requires_grad_(true), ["b1_ln1"]);
        var a = run["b1_ln1"];
        var g = autograd.grad([run.Output![.., 2].sum()], [a])[0];
        var (av, gv) = (a.detach().cpu().data<float>().ToArray(), g.cpu().data<float>().ToArray());
        var weights = new double[24];
        for (var t = 1; t < 17; t++)
        {
            for (var ch = 0; ch < 24; ch++)
            {
                weights[ch] += gv[(t * 24) + ch] / 16;
            }
        }

        var cam = new float[16];
        for (var p = 0; p < 16; p++)
        {
            cam[p] = (float)Math.Max(0, Enumerable.Range(0, 24).Sum(ch => weights[ch] * av[((1 + p) * 24) + ch]));
        }

        var expected = nn.functional.interpolate(tensor(cam).view(1, 1, 4, 4), [32, 32], mode: InterpolationMode.Bilinear, align_corners: false).flatten().data<float>().ToArray();
        Assert.Equal(expected.Length, map.Raw.Length);
        var top = expected.Max(Math.Abs);
        Assert.True(top > 0);
        Assert.All(expected.Zip(map.Raw), p => Assert.Equal(p.First, p.Second, 1e-5 * top));
    }

    [Theory]
    [MemberData(nameof(MethodsOnModels))]
    public void Should_run_every_cam_method_on_token_layers(string kind, string method)
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(Builder(kind), folder.Path, kind);
        using var scope = NewDisposeScope();

        // The top class: Ablation-CAM's weights (y - y_k) / y keep their sign only for a positive score.
        var map = AttributionMethods.Create(method).Explain(model, tensor(Input(1, 11), 1, 3, 32, 32), new AttributionRequest { Targets = [new TopClass()] })[0, 0];

        Assert.Equal((32, 32), (map.Height, map.Width));
        Assert.All(map.Values, v => Assert.InRange(v, 0f, 1f));
        // Ablation-CAM's channel weights can all be negative on random weights (then ReLU leaves nothing); its
        // placement on token and [N,H,W,C] grids is checked exactly on the hand-weighted models below.
        if (!(method == "ablation-cam" && map.Raw.All(v => v == 0)))
        {
            Assert.Null(map.Warning);
            Assert.Equal(1f, map.Values.Max(), 1e-6);
        }
    }

    [Theory]
    [InlineData("grad-cam", 0, false)]
    [InlineData("grad-cam", 1, false)]
    [InlineData("layer-cam", 0, false)]
    [InlineData("hires-cam", 1, false)]
    [InlineData("xgrad-cam", 0, false)]
    [InlineData("ablation-cam", 0, false)]
    [InlineData("ablation-cam", 1, false)]
    [InlineData("grad-cam", 1, true)]
    [InlineData("ablation-cam", 0, true)]
    public void Should_light_exactly_the_patch_that_drives_the_target(string method, int target, bool nhwc)
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.HandWeightedTokens(nhwc), folder.Path, "hand", 16);
        using var scope = NewDisposeScope();
        // A red patch at grid (1, 2) drives class 0, a green one at (2, 1) class 1.
        var (row, column) = target == 0 ? (1, 2) : (2, 1);
        var x = zeros(1, 3, 16, 16);
        x[0, 0, 4..8, 8..12] = ones(4, 4);
        x[0, 1, 8..12, 4..8] = ones(4, 4);

        var map = AttributionMethods.Create(method).Explain(model, x, new AttributionRequest { Layer = "seq", Targets = [new ClassLogit(target)], BatchSize = 4 })[0, 0];

        for (var y = 0; y < 16; y++)
        {
            for (var xx = 0; xx < 16; xx++)
            {
                var inside = y / 4 == row && xx / 4 == column;
                var v = map[y, xx];
                Assert.True(inside ? v >= 0.5f : v < 0.5f, $"{method}: pixel ({y},{xx}) = {v:F3}, {(inside ? "inside" : "outside")} the patch");
                // Bilinear upsampling spreads a cell half a cell (2 pixels) into its neighbours, and no further.
                var near = y >= (4 * row) - 2 && y <= (4 * row) + 5 && xx >= (4 * column) - 2 && xx <= (4 * column) + 5;
                Assert.True(near || v == 0, $"{method}: ({y},{xx}) = {v:F3} far from the patch");
            }
        }
    }

    [Fact]
    public void Should_take_an_explicit_grid_and_reject_one_that_does_not_fit()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Vit(), folder.Path, "vit");
        using var scope = NewDisposeScope();
        var x = tensor(Input(1, 9), 1, 3, 32, 32);
        var method = AttributionMethods.Create("grad-cam");
        AttributionRequest Request(TokenLayout? layout) => new() { Layer = "b1_ln1", Layout = layout, Targets = [new ClassLogit(0)] };

        var inferred = method.Explain(model, x, Request(null))[0, 0];
        var given = method.Explain(model, x, Request(TokenLayout.Parse("4x4:skip=1")))[0, 0];
        var error = Assert.Throws<ConvLensException>(() => method.Explain(model, x, Request(TokenLayout.Parse("4x4:skip=0"))));

        Assert.Equal(inferred.Raw, given.Raw);
        Assert.Contains("17 tokens are not 0 + 4x4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_layer_shape_and_what_is_accepted_When_tokens_fit_no_grid()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Vit(), folder.Path, "vit");
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ConvLensException>(() => AttributionMethods.Create("grad-cam").Explain(
            model, tensor(Input(1, 9), 1, 3, 32, 32), new AttributionRequest { Layer = "b1_kt", Targets = [new ClassLogit(0)] }));

        Assert.Contains($"'{model.DisplayName("b1_kt")}' outputs [1,24,17] on a 32x32 input", error.Message, StringComparison.Ordinal);
        Assert.Contains("24 tokens fit no grid", error.Message, StringComparison.Ordinal);
        Assert.Contains("accepted are [N,C,H,W], [N,H,W,C] and tokens [N,K+H*W,C]", error.Message, StringComparison.Ordinal);
        Assert.Contains("or pick another layer, e.g.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_lay_feature_maps_of_token_layers_on_the_patch_grid()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Vit(), folder.Path, "vit");
        using var scope = NewDisposeScope();
        var x = tensor(Input(1, 4), 1, 3, 32, 32);

        var result = FeatureMapsApi.Compute(model, x, ["b1_ln1"])[0];
        var tokens = model.Run(x, ["b1_ln1"], needOutput: false)["b1_ln1"];

        Assert.Equal((24, 4, 4), (result.ChannelCount, result.Height, result.Width));
        var channel = result.Channels.Single(c => c.Channel == 5);
        Assert.Equal(tokens[0, 1 + (2 * 4) + 1, 5].item<float>(), channel.Values[(2 * 4) + 1], 1e-6);
    }

    [Fact]
    public void Should_measure_statistics_of_nhwc_layers_per_channel()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Swin(), folder.Path, "swin");
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        var photos = Enumerable.Range(0, 3).Select(i => RandomPhoto(i)).ToArray();
        for (var i = 0; i < photos.Length; i++)
        {
            File.WriteAllBytes(Path.Combine(data, $"{i}.png"), ImageEncoder.EncodePng(photos[i]));
        }

        var stats = DatasetStatistics.Run(model, DatasetSource.FromPath(data), ["s0_norm"], new DatasetStatisticsOptions { Exemplars = 0 });
        using var scope = NewDisposeScope();
        var expected = model.Run(ModelInput.FromPhotos(photos, model.Preprocessing).Batch, ["s0_norm"], needOutput: false)["s0_norm"][.., .., .., 7];

        Assert.Equal(new long[] { 12, 8, 8 }, stats.Layers[0].Shape.ToArray());
        var channel = stats.Layers[0].Snapshot.Channels[7];
        Assert.Equal(expected.mean().item<float>(), channel.Mean, 1e-3);
        Assert.Equal(expected.max().item<float>(), channel.Max, 1e-3);
    }

    [Fact]
    public void Should_maximize_a_token_channel()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Vit(), folder.Path, "vit");
        using var image = new FourierImage(1, 32, 32, seed: 3);

        var result = Maximizer.Run(model, Objectives.Channel("b1_ln1", 3), image, [], new MaximizeOptions { Steps = 12, Seed = 3, UpsampleTo = null });

        Assert.True(result.ObjectiveByStep[^1] > result.ObjectiveByStep[0] + 0.1, $"objective {result.ObjectiveByStep[0]:G4} -> {result.ObjectiveByStep[^1]:G4}");
    }

    [Fact]
    public void Should_run_convlens_cam_with_an_explicit_token_grid()
    {
        using var folder = new TempFolder();
        var onnx = TransformerModels.HandWeightedTokens().Save(folder.Path, "hand");
        var path = Path.Combine(folder.Path, "photo.png");
        File.WriteAllBytes(path, ImageEncoder.EncodePng(RandomPhoto(1, 16)));
        var output = Path.Combine(folder.Path, "out");

        var ok = CliRunner.Run("cam", onnx, path, "--layer", "seq", "--tokens", "4x4:skip=1", "--target", "0", "--out", output);
        var bad = CliRunner.Run("cam", onnx, path, "--layer", "seq", "--tokens", "4x4:skip=2", "--target", "0", "--out", output);

        Assert.True(ok.ExitCode == 0, ok.Errors);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("17 tokens are not 2 + 4x4", bad.Errors, StringComparison.Ordinal);
    }

    private static OnnxModelBuilder Builder(string kind) => kind == "vit" ? TransformerModels.Vit() : TransformerModels.Swin();

    private static float[] Input(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n * 3 * 32 * 32).Select(_ => (float)rng.NextDouble())];
    }

    private static RgbImage RandomPhoto(int seed, int size = 32)
    {
        var rng = new Random(seed);
        var pixels = new byte[size * size * 3];
        rng.NextBytes(pixels);
        return new RgbImage(size, size, pixels);
    }
}
