using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Models.Onnx;

public class UltralyticsMetadataTests
{
    [Fact]
    public void Should_read_a_yolo_export_as_rgb_0_to_1_letterboxed_with_its_class_names()
    {
        using var folder = new TempFolder();
        var path = DetectorModels.Yolo(attributesFirst: true)
            .Metadata("description", "Ultralytics YOLOv8n model trained on coco.yaml").Metadata("author", "Ultralytics")
            .Metadata("task", "detect").Metadata("stride", "32").Metadata("batch", "1").Metadata("imgsz", "[32, 32]")
            .Metadata("names", "{0: 'red thing', 1: \"it's green\"}")
            .Save(folder.Path, "yolo");

        using var model = OnnxModelLoader.Load(path);

        Assert.Equal(ResizeMode.Letterbox, model.Preprocessing.Resize);
        Assert.Null(model.Preprocessing.Mean);
        Assert.Null(model.Preprocessing.Std);
        Assert.Equal((32, 32), (model.Preprocessing.Height, model.Preprocessing.Width));
        Assert.Equal(["red thing", "it's green"], model.Labels);
        // The detection target takes the metadata's class names.
        Assert.Equal(1, ((ConvLens.Visualize.Attribution.Targets.DetectionScore)ConvLens.Visualize.Attribution.Targets.TargetSpec.Parse("detection:it's green", model, _ => throw new InvalidOperationException())).Class);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_explain_the_top_detection_by_default_only_When_the_file_says_it_detects(bool ultralytics)
    {
        using var folder = new TempFolder();
        var builder = DetectorModels.Yolo(attributesFirst: true);
        if (ultralytics)
        {
            builder.Metadata("task", "detect").Metadata("stride", "32").Metadata("names", "{0: 'red', 1: 'green'}");
        }

        using var model = OnnxModelLoader.Load(builder.Save(folder.Path, "yolo"));
        var resolved = new ConvLens.Visualize.Attribution.Targets.TopClass().Resolve(model);

        // Without metadata a lone [N,A,B] output could be a token model's, so auto stays the top class.
        Assert.Equal(ultralytics ? "top detection" : "top class", resolved.Description);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_take_the_named_classes_only_When_a_segmentation_export_appends_mask_coefficients(bool ultralytics)
    {
        using var folder = new TempFolder();
        var builder = DetectorModels.YoloWithMaskCoefficients();
        if (ultralytics)
        {
            builder.Metadata("task", "segment").Metadata("stride", "32").Metadata("names", "{0: 'red', 1: 'green'}");
        }

        using var model = OnnxModelLoader.Load(builder.Save(folder.Path, "yolo-seg"), preprocessing: new Preprocessing { Height = 32, Width = 32 });
        using var scope = TorchSharp.torch.NewDisposeScope();
        var picture = ConvLens.Tests.Visualize.Attribution.Targets.DetectionTargetTests.Picture(green: false);
        var outputs = ConvLens.Visualize.Attribution.Targets.DetectionOutputs.Find(model, "auto");
        using var noGrad = TorchSharp.torch.no_grad();
        var scores = outputs.Scores(model.Run(picture));

        // With the names, the two coefficient rows (50 everywhere) are not classes; without, shape alone cannot tell.
        Assert.Equal(ultralytics ? 2 : 4, outputs.Classes);
        Assert.Equal(ultralytics ? 1f : 50f, scores.max().item<float>(), 5);
    }

    [Fact]
    public void Should_keep_imagenet_preprocessing_When_the_metadata_is_not_an_ultralytics_export()
    {
        using var folder = new TempFolder();
        var path = DetectorModels.Yolo(attributesFirst: true).Metadata("task", "detect").Metadata("names", "{0: 'a', 1: 'b'}").Save(folder.Path, "other");

        using var model = OnnxModelLoader.Load(path);

        Assert.Equal(ResizeMode.ShorterSideThenCenterCrop, model.Preprocessing.Resize);
        Assert.Equal([0.485f, 0.456f, 0.406f], model.Preprocessing.Mean);
        Assert.Null(model.Labels);
    }

    [Theory]
    [InlineData("{0: 'person', 1: 'bicycle'}", "person|bicycle")]
    [InlineData("{1: 'b', 0: 'a'}", "a|b")]
    [InlineData("{0: 'o\\'clock', 1: \"say \\\"hi\\\"\"}", "o'clock|say \"hi\"")]
    [InlineData("{0: 'a', 2: 'c'}", null)] // a gap: not a class list
    [InlineData("['a', 'b']", null)]
    public void Should_parse_the_names_dict_or_refuse_it(string text, string? expected)
    {
        var names = UltralyticsMetadata.ParseNames(text);

        Assert.Equal(expected, names is null ? null : string.Join("|", names));
    }
}
