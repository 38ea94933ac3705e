using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Support;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

/// <summary>Ultralytics' letterbox: the photo scaled to fit with its aspect ratio, centred on grey bars.</summary>
public class LetterboxTests
{
    private static readonly Preprocessing Yolo = new() { Height = 640, Width = 640, Resize = ResizeMode.Letterbox };

    [Theory]
    // (h, w) photo → scaled size and bars; values from Ultralytics' LetterBox(auto=False): r = min(640/h, 640/w),
    // new = round(w r), round(h r); top = round(dh / 2 - 0.1), left = round(dw / 2 - 0.1), half to even.
    [InlineData(480, 640, 480, 640, 80, 0)]
    [InlineData(1080, 1920, 360, 640, 140, 0)]
    [InlineData(640, 427, 640, 427, 0, 106)] // dw = 213: 106.4 → 106, the other side 107
    [InlineData(100, 100, 640, 640, 0, 0)]
    [InlineData(1000, 333, 640, 213, 0, 213)] // 333 * 0.64 = 213.12 → 213; dw = 427: 213.4 → 213
    public void Should_scale_to_fit_and_centre_with_the_bars_Ultralytics_computes(int photoHeight, int photoWidth, int height, int width, int top, int left)
    {
        var fit = InputFit.For(Yolo, photoHeight, photoWidth);

        Assert.Equal((height, width, -top, -left), (fit.ResizedHeight, fit.ResizedWidth, fit.CropTop, fit.CropLeft));
        Assert.Equal(114f / 255f, fit.PadValue);
        Assert.Equal(top != 0 || left != 0 || height != 640 || width != 640, fit.Pads);
    }

    [Fact]
    public void Should_put_the_photo_between_grey_bars_and_map_pixels_back_onto_it()
    {
        using var scope = NewDisposeScope();
        var pre = new Preprocessing { Height = 8, Width = 8, Resize = ResizeMode.Letterbox, PadValue = 0.25f };
        var photo = TestImages.Solid(8, 4, (255, 0, 255)); // 4 high, 8 wide: two grey rows above and below

        var (input, fit) = ModelInput.FromPhoto(photo, pre);

        var rows = input[0, 1].mean([1]).data<float>().ToArray(); // green: 0 in the photo, 0.25 in the bars
        Assert.Equal([0.25f, 0.25f, 0, 0, 0, 0, 0.25f, 0.25f], rows);
        Assert.Equal(1f, input[0, 0, 3].mean().item<float>(), 5);
        // Input pixel (0, 2) shows the photo's first row; the map laid back covers the photo only.
        Assert.Equal((0.5, 0.5), fit.ToPhoto(0, 2));
        var map = fit.MapToPhoto([.. Enumerable.Range(0, 64).Select(i => (float)(i / 8))], 8, 8, outside: -1);
        Assert.Equal(32, map.Length);
        Assert.All(map, v => Assert.InRange(v, 2f, 5f));
    }

    [Fact]
    public void Should_decode_a_file_for_a_dataset_into_the_same_letterboxed_input()
    {
        using var folder = new TempFolder();
        var path = folder.File("wide.png");
        var photo = TestImages.Noise(96, 40);
        File.WriteAllBytes(path, ImageEncoder.EncodePng(photo));
        var pre = new Preprocessing { Height = 32, Width = 32, Resize = ResizeMode.Letterbox };
        var pixels = new float[3 * 32 * 32];

        ImageBatchLoader.LoadInto(path, pre, pixels);

        using var scope = NewDisposeScope();
        var expected = ModelInput.FromPhoto(ImageDecoder.Load(path), pre).Input[0];
        var decoded = tensor(pixels, [3, 32, 32]);
        // 96x40 → 32x13 (13.33 rounds to 13), bars of 9.5 - 0.1 → 9 rows above and 10 below.
        Assert.All(decoded[.., ..9].flatten().data<float>().ToArray(), v => Assert.Equal(114f / 255f, v));
        Assert.All(decoded[.., 22..].flatten().data<float>().ToArray(), v => Assert.Equal(114f / 255f, v));
        Assert.True(decoded[.., 9..22].ne(114f / 255f).any().item<bool>());
        Assert.True((decoded - expected).abs().mean().item<float>() < 0.05f, "the dataset decoder and ModelInput disagree");
        Assert.Equal(0f, (decoded[.., ..9] - expected[.., ..9]).abs().max().item<float>());
    }
}
