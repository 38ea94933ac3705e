using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Targets;

/// <summary>
/// Detection targets on a two-level SSD in the raw-heads form of torchvision's exports (<see cref="SsdHeadsModel"/>):
/// the default layer, the background column, boxes on either level, and the errors the real exports ran into.
/// The picture is <see cref="DetectionTargetTests.Picture"/>'s: a red square at x 16..24, y 8..16, a green one at x 4..12, y 20..28.
/// </summary>
public class SsdHeadsTests
{
    [Fact]
    public void Should_outline_nothing_When_no_box_reaches_the_confidence()
    {
        using var folder = new TempFolder();
        using var model = Load(folder.Path);
        var photo = DetectionTargetTests.Photo(DetectionTargetTests.Picture(green: true));

        var item = CamJob.Run(model, [photo], new CamJobOptions { Targets = ["detection:1:conf=0.99"], Layer = "feat" }).Single();

        Assert.Equal(0f, item.Map.Score);
        Assert.Equal(photo.GetPixel(16, 10), item.Overlay.GetPixel(16, 10));
    }

    [Fact]
    public void Should_name_target_and_layer_When_the_score_does_not_read_the_layer()
    {
        using var folder = new TempFolder();
        using var model = Load(folder.Path);
        using var scope = NewDisposeScope();
        var target = TargetSpec.Parse("detection:1", model, _ => throw new InvalidOperationException());

        var error = Assert.Throws<ConvLensException>(() => AttributionMethods.Create("grad-cam").Explain(
            model, DetectionTargetTests.Picture(green: true), new AttributionRequest { Layer = "box_raw", Targets = [target] }));

        Assert.Contains($"target 'detections of class 1 (score ≥ 0.25)' does not depend on layer '{model.DisplayName("box_raw")}'", error.Message, StringComparison.Ordinal);
    }

    private static OnnxModel Load(string folder) =>
        OnnxModelLoader.Load(SsdHeadsModel.Build().Save(folder, "ssd-heads"), preprocessing: new Preprocessing { Height = DetectorModels.Size, Width = DetectorModels.Size });
}
