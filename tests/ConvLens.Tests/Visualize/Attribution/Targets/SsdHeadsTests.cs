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
    // Softmax of the logits (background 0.5, class 1 = 4 x red 1, class 2 = 0) of a red cell.
    private static readonly double s_redScore = Math.Exp(4) / (Math.Exp(4) + Math.Exp(0.5) + 1);

    [Fact]
    public void Should_explain_the_layer_every_level_reads_When_no_layer_is_given()
    {
        using var folder = new TempFolder();
        using var model = Load(folder.Path);

        var layer = CamLayers.Resolve(model, null, DetectorModels.Size, DetectorModels.Size);

        // The rule for CNNs would take level 2's 4x4 grid, which the 64 boxes of level 1 never read.
        Assert.Equal("feat", layer);
    }

    [Fact]
    public void Should_explain_the_layer_every_level_reads_on_a_two_level_yolo_output_When_no_layer_is_given()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(DetectorModels.YoloTwoLevels().Save(folder.Path, "yolo2"), preprocessing: new Preprocessing { Height = DetectorModels.Size, Width = DetectorModels.Size });
        using var scope = NewDisposeScope();

        var layer = CamLayers.Resolve(model, null, DetectorModels.Size, DetectorModels.Size);
        var target = TargetSpec.Parse("detection:0:conf=0", model, _ => throw new InvalidOperationException());
        var picture = DetectionTargetTests.Picture(green: true);
        var defaulted = AttributionMethods.Create("grad-cam").Explain(model, picture, new AttributionRequest { Targets = [target] })[0, 0];
        var atFeat = AttributionMethods.Create("grad-cam").Explain(model, picture, new AttributionRequest { Layer = "feat", Targets = [target] })[0, 0];

        // The rule for CNNs would take pool2 or head2 on the 4x4 grid, which the 64 boxes of the first level never read.
        Assert.Equal("feat", layer);
        Assert.Equal(atFeat.Raw, defaulted.Raw);
        Assert.Contains(defaulted.Raw, v => v != 0);
    }

    [Theory]
    [InlineData("grad-cam")]
    [InlineData("eigen-cam")]
    public void Should_score_the_red_boxes_of_both_levels_as_class_1_When_column_0_is_the_background(string method)
    {
        using var folder = new TempFolder();
        using var model = Load(folder.Path);
        using var scope = NewDisposeScope();
        var target = TargetSpec.Parse("detection:1:conf=0.5", model, _ => throw new InvalidOperationException());

        var map = AttributionMethods.Create(method).Explain(model, DetectionTargetTests.Picture(green: method != "eigen-cam"), new AttributionRequest { Targets = [target] })[0, 0];

        // Four level-1 cells and one level-2 cell hold the red square.
        Assert.Equal(5 * s_redScore, map.Score, 1e-5);
        var (y, x) = map.ArgMax();
        Assert.InRange(x, 16, 23);
        Assert.InRange(y, 8, 15);
    }

    [Fact]
    public void Should_match_the_level_2_box_When_the_given_box_fits_its_anchor()
    {
        using var folder = new TempFolder();
        using var model = Load(folder.Path);
        using var scope = NewDisposeScope();
        var target = (BoxOverlap)TargetSpec.Parse("box:16,8,24,16:1", model, _ => throw new InvalidOperationException()).Resolve(model);
        var x = DetectionTargetTests.Picture(green: true);

        var boxes = target.SelectedBoxes(model.Run(x, target.Layers), 0);
        var map = AttributionMethods.Create("hires-cam").Explain(model, x, new AttributionRequest { Targets = [target] })[0, 0];

        Assert.Equal(new float[] { 16, 8, 24, 16 }, Assert.Single(boxes));
        Assert.Equal(s_redScore, map.Score, 1e-5);
        Assert.True(map[24, 8] < 0.05f, $"the green object got {map[24, 8]:F3}");
    }

    [Fact]
    public void Should_explain_the_most_confident_box_When_the_target_is_auto()
    {
        using var folder = new TempFolder();
        using var model = Load(folder.Path);
        using var scope = NewDisposeScope();
        var target = TargetSpec.Parse("auto", model, _ => throw new InvalidOperationException()).Resolve(model);
        var x = DetectionTargetTests.Picture(green: false);

        var boxes = ((IBoxTarget)target).SelectedBoxes(model.Run(x, target.Layers), 0);
        var map = AttributionMethods.Create("hires-cam").Explain(model, x, new AttributionRequest { Targets = [target] })[0, 0];

        // Not the top of the first output (a box coordinate): the first of the red square's cells, for class 1.
        Assert.Equal("top detection", target.Description);
        Assert.Equal(new float[] { 16, 8, 20, 12 }, Assert.Single(boxes));
        Assert.Equal(s_redScore, map.Score, 1e-5);
    }

    [Fact]
    public void Should_skip_the_background_column_When_the_target_is_auto_and_nothing_is_there()
    {
        using var folder = new TempFolder();
        using var model = Load(folder.Path);
        using var scope = NewDisposeScope();
        var target = TargetSpec.Parse("auto", model, _ => throw new InvalidOperationException()).Resolve(model);

        var score = target.Score(model.Run(zeros(1, 3, DetectorModels.Size, DetectorModels.Size), target.Layers)).item<float>();

        // Every cell: logits (0.5, 0, 0); the background's 0.45 would win, the best object class scores 1 / (e^0.5 + 2).
        Assert.Equal(1 / (Math.Exp(0.5) + 2), score, 1e-5);
    }

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
