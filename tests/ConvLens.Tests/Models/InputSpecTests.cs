using System.Text.Json;
using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Cli;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

public class InputSpecTests
{
    private static readonly float[] Pixel = [0.2f, 0.4f, 0.6f];

    private static readonly Preprocessing Declared = Preprocessing.ImageNet with { Height = 160, Width = 160, ResizeShorterTo = 183 };

    [Theory]
    // A 0..1 pixel (0.2, 0.4, 0.6) as each preset feeds it.
    [InlineData("imagenet", (0.2 - 0.485) / 0.229, (0.4 - 0.456) / 0.224, (0.6 - 0.406) / 0.225)]
    [InlineData("unit", 0.2, 0.4, 0.6)]
    [InlineData("symmetric", -0.6, -0.2, 0.2)]
    [InlineData("caffe", (0.6 * 255) - 103.939, (0.4 * 255) - 116.779, (0.2 * 255) - 123.68)] // BGR
    [InlineData("0.1,0.2,0.3/0.5,0.25,2", 0.2, 0.8, 0.15)]
    public void Should_feed_the_model_what_the_preset_or_the_mean_and_std_say(string spec, double c0, double c1, double c2)
    {
        using var scope = NewDisposeScope();
        var pre = InputSpec.Parse(spec).ApplyTo(Declared);
        var pixel = tensor(Pixel).view(1, 3, 1, 1);

        var fed = pre.Apply(pixel).flatten().data<float>().ToArray();

        Assert.Equal(c0, fed[0], 4);
        Assert.Equal(c1, fed[1], 4);
        Assert.Equal(c2, fed[2], 4);
        Assert.Equal((160, 160, ResizeMode.ShorterSideThenCenterCrop), (pre.Height, pre.Width, pre.Resize));
    }

    [Theory]
    [InlineData("unit:letterbox", ResizeMode.Letterbox)]
    [InlineData("imagenet:stretch", ResizeMode.Stretch)]
    [InlineData("caffe:crop", ResizeMode.ShorterSideThenCenterCrop)]
    public void Should_change_the_resize_rule_and_keep_the_input_size(string spec, ResizeMode expected)
    {
        var pre = InputSpec.Parse(spec).ApplyTo(new Preprocessing { Height = 224, Width = 160 });

        Assert.Equal((224, 160, expected), (pre.Height, pre.Width, pre.Resize));
        Assert.Equal(expected == ResizeMode.ShorterSideThenCenterCrop ? 183 : 256, pre.ResizeShorterTo);
    }

    [Theory]
    [InlineData("imagenett", "neither a preset nor MEAN/STD")]
    [InlineData("unit:fit", "unknown resize 'fit'")]
    [InlineData("0.5,0.5/0.5,0.5,0.5", "neither a preset")]
    [InlineData("0.5,0.5,0.5/0.5,0,0.5", "every std must be above 0")]
    [InlineData("unit:crop:x", "more than one ':'")]
    public void Should_refuse_a_bad_spec_and_say_what_is_accepted(string spec, string expected)
    {
        var error = Assert.Throws<ConvLensException>(() => InputSpec.Parse(spec));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("accepted: imagenet, unit, symmetric, caffe or MEAN/STD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_build_the_onnx_runtime_path_with_the_same_input_as_libtorch()
    {
        using var folder = new TempFolder();
        var path = DetectorModels.Yolo(attributesFirst: true).Save(folder.Path, "yolo");
        using var model = (OnnxModel)ModelCatalog.Load(path, input: InputSpec.Parse("symmetric:letterbox"));
        using var scope = NewDisposeScope();
        var images = rand(2, 3, 32, 32, generator: new Generator(3));

        Assert.Equal((ResizeMode.Letterbox, 0.5f), (model.Preprocessing.Resize, model.Preprocessing.Mean![0]));
        using var noGrad = no_grad();
        model.Engine = ModelEngine.Torch;
        var torch = model.Run(images).Output!;
        model.Engine = ModelEngine.Ort;
        var ort = model.Run(images).Output!;
        Assert.True((torch - ort).abs().max().item<float>() < 1e-5f);
        // The feature "feat" is each patch's mean red and green of the -1..1 input: a black picture gives -1.
        model.Engine = ModelEngine.Torch;
        Assert.Equal(-1f, model.Run(zeros(1, 3, 32, 32), ["feat"])["feat"].max().item<float>(), 5);
    }

    [Fact]
    public void Should_read_the_input_from_a_file_beside_the_model_unless_one_is_given()
    {
        using var folder = new TempFolder();
        var path = DetectorModels.Yolo(attributesFirst: true).Save(folder.Path, "yolo");
        File.WriteAllLines(path + ".input", ["# how yolo.onnx wants its pixels", "", "  caffe:stretch  "]);

        using var beside = ModelCatalog.Load(path);
        using var given = ModelCatalog.Load(path, input: InputSpec.Parse("unit"));

        Assert.Equal((ChannelOrder.Bgr, 255f, ResizeMode.Stretch), (beside.Preprocessing.Order, beside.Preprocessing.Scale, beside.Preprocessing.Resize));
        Assert.Equal((ChannelOrder.Rgb, 1f, ResizeMode.ShorterSideThenCenterCrop), (given.Preprocessing.Order, given.Preprocessing.Scale, given.Preprocessing.Resize));
        Assert.Null(given.Preprocessing.Mean);
    }

    [Fact]
    public void Should_take_class_names_from_a_file_beside_the_model_over_its_metadata()
    {
        using var folder = new TempFolder();
        var path = DetectorModels.Yolo(attributesFirst: true)
            .Metadata("task", "detect").Metadata("stride", "32").Metadata("names", "{0: 'red', 1: 'green'}").Save(folder.Path, "yolo");
        using (var fromMetadata = ModelCatalog.Load(path))
        {
            Assert.Equal(["red", "green"], fromMetadata.Labels);
        }

        File.WriteAllLines(path + ".labels", ["tomato", "lime", ""]);

        using var beside = ModelCatalog.Load(path);

        Assert.Equal(["tomato", "lime"], beside.Labels);
        Assert.Equal(ResizeMode.Letterbox, beside.Preprocessing.Resize);
    }

    [Theory]
    [InlineData("# only a comment", "is empty; write one line such as unit:letterbox")]
    [InlineData("unit:sideways", "unknown resize 'sideways'")]
    public void Should_name_the_file_beside_the_model_When_it_is_bad(string content, string expected)
    {
        using var folder = new TempFolder();
        var path = DetectorModels.Yolo(attributesFirst: true).Save(folder.Path, "yolo");
        File.WriteAllText(path + ".input", content);

        var error = Assert.Throws<ConvLensException>(() => ModelCatalog.Load(path));

        Assert.Contains($"input file '{path}.input'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_an_input_override_for_a_model_that_brings_its_own_preprocessing()
    {
        var error = Assert.Throws<ConvLensException>(() => ModelCatalog.Load("torchvision:resnet18", input: InputSpec.Parse("unit")));

        Assert.Contains("brings its own preprocessing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_the_input_option_on_the_command_line_and_report_it()
    {
        using var folder = new TempFolder();
        var path = DetectorModels.Yolo(attributesFirst: true).Save(folder.Path, "yolo");

        var given = CliRunner.Run("inspect", path, "--input", "unit:letterbox", "--json");
        var bad = CliRunner.Run("inspect", path, "--input", "unit:fit");
        var builtIn = CliRunner.Run("inspect", "resnet18-featurizer", "--input", "unit");

        Assert.Equal(0, given.ExitCode);
        using var json = JsonDocument.Parse(given.Output);
        Assert.Equal("32x32 RGB 0..1; photos letterbox (aspect kept, bars of grey 0.447)", json.RootElement.GetProperty("preprocessing").GetString());
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("--input: input 'unit:fit': unknown resize 'fit'", bad.SingleErrorLine().Replace("error: ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(2, builtIn.ExitCode);
        Assert.Contains("--input: model 'resnet18-featurizer' brings its own preprocessing", builtIn.SingleErrorLine(), StringComparison.Ordinal);
    }
}
