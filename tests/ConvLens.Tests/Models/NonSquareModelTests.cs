using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Cli;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.DeepDream;
using ConvLens.Visualize.FeatureMaps;
using ConvLens.Visualize.Maximize;
using ConvLens.Visualize.Statistics;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

/// <summary>
/// Models whose input is not square (tall 224x160 and wide 160x224), as ONNX files and as TorchSharp modules, on
/// photos of the other orientation: every method runs, and what it draws on the photo lands where the photo shows it.
/// </summary>
/// <remarks>
/// The network is a brightness detector: a 1x1 convolution whose channel 0 is the mean of the (normalised) RGB
/// values, channel 1 half of it, then ReLU and global average pooling. On a black photo with one white square,
/// channel 0's map, its Grad-CAM for class 0 and its mean overlay are bright exactly on the square.
/// </remarks>
public class NonSquareModelTests
{
    // The white square: 40x40 pixels centred at (220, 150) of a 400x300 photo, or at (150, 220) of the 300x400 one.
    private const int Square = 40;

    public static TheoryData<string, int, int> Models => new()
    {
        { "onnx", 224, 160 },
        { "onnx", 160, 224 },
        { "module", 224, 160 },
        { "module", 160, 224 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Should_put_the_cam_overlay_on_the_square_When_model_and_photo_differ_in_aspect(string kind, int height, int width)
    {
        using var folder = new TempFolder();
        using var model = Brightness(kind, height, width, folder.Path);
        var (photo, cx, cy) = Photo(wide: height > width);

        var items = CamJob.Run(model, [photo], new CamJobOptions { Methods = ["grad-cam"], Targets = ["0"], Layer = "relu" });

        var item = Assert.Single(items);
        Assert.Equal((photo.Width, photo.Height), (item.Overlay.Width, item.Overlay.Height));
        AssertChangeCentredOn(photo, item.Overlay, cx, cy);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Should_put_the_feature_map_overlay_on_the_square_When_model_and_photo_differ_in_aspect(string kind, int height, int width)
    {
        using var folder = new TempFolder();
        using var model = Brightness(kind, height, width, folder.Path);
        var (photo, cx, cy) = Photo(wide: height > width);
        var fit = InputFit.For(model.Preprocessing, photo.Height, photo.Width);

        var result = FeatureMaps.Compute(model, photo, ["relu"])[0];
        var overlay = FeatureMapsRenderer.MeanOverlay(photo, fit, result, Colormaps.Inferno);

        Assert.Equal((height, width), (result.Height, result.Width));
        AssertChangeCentredOn(photo, overlay, cx, cy);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Should_maximize_images_of_the_model_aspect_and_raise_the_objective(string kind, int height, int width)
    {
        using var folder = new TempFolder();
        using var model = Brightness(kind, height, width, folder.Path);
        var (h, w) = ModelInput.SizeFor(model.Preprocessing, 64);
        using var image = new FourierImage(1, h, w, seed: 3);

        var result = Maximizer.Run(model, Objectives.Channel("relu", 0), image, [], new MaximizeOptions { Steps = 8, Seed = 3 });

        Assert.Equal(height > width ? (64, 46) : (46, 64), (h, w));
        Assert.Equal((w, h), (result.Images[0].Width, result.Images[0].Height));
        Assert.True(result.ObjectiveByStep[^1] > result.ObjectiveByStep[0], $"objective {result.ObjectiveByStep[0]:G4} -> {result.ObjectiveByStep[^1]:G4}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Should_dream_at_the_photo_size(string kind, int height, int width)
    {
        using var folder = new TempFolder();
        using var model = Brightness(kind, height, width, folder.Path);
        var (photo, _, _) = Photo(wide: height > width);

        var result = DeepDream.Run(model, photo, Objectives.Layer("relu"), new DeepDreamOptions { Octaves = 2, StepsPerOctave = 2, Seed = 1 });

        Assert.Equal((photo.Width, photo.Height), (result.Image.Width, result.Image.Height));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Should_give_dataset_statistics_that_match_the_fitted_photos(string kind, int height, int width)
    {
        using var folder = new TempFolder();
        using var model = Brightness(kind, height, width, folder.Path);
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        var photos = new[] { Photo(wide: true).Photo, Photo(wide: false).Photo };
        for (var i = 0; i < photos.Length; i++)
        {
            File.WriteAllBytes(Path.Combine(data, $"{i}.png"), ImageEncoder.EncodePng(photos[i]));
        }

        var stats = DatasetStatistics.Run(model, DatasetSource.FromPath(data), ["relu"]);
        using var scope = NewDisposeScope();
        var expected = model.Run(ModelInput.FromPhotos(photos, model.Preprocessing).Batch, ["relu"], needOutput: false)["relu"][.., 0];

        var channel = stats.Layers[0].Snapshot.Channels[0];
        Assert.Equal(2, stats.ImagesProcessed);
        Assert.Equal(new long[] { height, width }, stats.Layers[0].Shape.TakeLast(2).ToArray());
        // The statistics decoder resizes with Skia, the methods with TorchSharp: the same window, fine detail apart.
        Assert.Equal(expected.mean().item<float>(), channel.Mean, 0.02);
        Assert.Equal(expected.max().item<float>(), channel.Max, 0.05);
    }

    [Theory]
    [InlineData(224, 160)]
    [InlineData(160, 224)]
    public void Should_run_convlens_cam_on_an_onnx_model_of_any_aspect(int height, int width)
    {
        using var folder = new TempFolder();
        var onnx = BrightnessOnnx(height, width, folder.Path);
        var (photo, cx, cy) = Photo(wide: height > width);
        var path = Path.Combine(folder.Path, "photo.png");
        File.WriteAllBytes(path, ImageEncoder.EncodePng(photo));
        var output = Path.Combine(folder.Path, "out");

        var result = CliRunner.Run("cam", onnx, path, "--method", "grad-cam", "--target", "0", "--layer", "relu", "--out", output);

        Assert.True(result.ExitCode == 0, result.Errors);
        var overlay = ImageDecoder.Load(Directory.GetFiles(output, "photo.grad-cam.*.png").Single(f => !f.EndsWith(".raw16.png", StringComparison.Ordinal)));
        Assert.Equal((photo.Width, photo.Height), (overlay.Width, overlay.Height));
        AssertChangeCentredOn(photo, overlay, cx, cy);
    }

    /// <summary>A black photo, 400x300 (wide) or 300x400 (tall), with a white square inside any model's window.</summary>
    private static (RgbImage Photo, int X, int Y) Photo(bool wide)
    {
        var (w, h) = wide ? (400, 300) : (300, 400);
        var (cx, cy) = wide ? (220, 150) : (150, 220);
        var photo = new RgbImage(w, h);
        for (var y = cy - (Square / 2); y < cy + (Square / 2); y++)
        {
            for (var x = cx - (Square / 2); x < cx + (Square / 2); x++)
            {
                photo.SetPixel(x, y, (255, 255, 255));
            }
        }

        return (photo, cx, cy);
    }

    /// <summary>Where the overlay differs from the photo, it differs around (cx, cy), and nowhere far from it.</summary>
    private static void AssertChangeCentredOn(RgbImage photo, RgbImage overlay, int cx, int cy)
    {
        double sum = 0, sx = 0, sy = 0, far = 0;
        for (var y = 0; y < photo.Height; y++)
        {
            for (var x = 0; x < photo.Width; x++)
            {
                var (r0, g0, b0) = photo.GetPixel(x, y);
                var (r1, g1, b1) = overlay.GetPixel(x, y);
                double d = Math.Abs(r0 - r1) + Math.Abs(g0 - g1) + Math.Abs(b0 - b1);
                sum += d;
                sx += d * x;
                sy += d * y;
                if (Math.Abs(x - cx) > 2 * Square || Math.Abs(y - cy) > 2 * Square)
                {
                    far += d;
                }
            }
        }

        Assert.True(sum > 0, "the overlay left the photo unchanged");
        Assert.InRange(sx / sum, cx - 4, cx + 4);
        Assert.InRange(sy / sum, cy - 4, cy + 4);
        Assert.True(far / sum < 0.05, $"{far / sum:P1} of the change is far from the square");
    }

    private static LoadedModel Brightness(string kind, int height, int width, string folder) => kind == "onnx"
        ? OnnxModelLoader.Load(BrightnessOnnx(height, width, folder))
        : new ModuleModel("brightness", BrightnessModule(), Preprocessing.ImageNet with
        {
            Height = height,
            Width = width,
            ResizeShorterTo = (int)Math.Round(Math.Min(height, width) * 256.0 / 224),
        });

    private static readonly float[] Weights = [1f / 3, 1f / 3, 1f / 3, 1f / 6, 1f / 6, 1f / 6];

    private static string BrightnessOnnx(int height, int width, string folder) => new OnnxModelBuilder()
        .Input("image", 1, 3, height, width)
        .Initializer("w", Weights, 2, 3, 1, 1)
        .Node("Conv", ["image", "w"], ["conv"])
        .Node("Relu", ["conv"], ["relu"])
        .Node("GlobalAveragePool", ["relu"], ["pool"])
        .Node("Flatten", ["pool"], ["logits"])
        .Output("logits")
        .Save(folder, $"brightness-{height}x{width}");

    private static nn.Module<Tensor, Tensor> BrightnessModule()
    {
        var conv = nn.Conv2d(3, 2, 1, bias: false);
        using (no_grad())
        {
            conv.weight!.copy_(tensor(Weights).view(2, 3, 1, 1));
        }

        return nn.Sequential(("conv", conv), ("relu", nn.ReLU()), ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()));
    }
}
