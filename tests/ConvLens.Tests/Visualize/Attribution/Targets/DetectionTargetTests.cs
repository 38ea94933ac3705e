using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Targets;

/// <summary>
/// Detection targets on YOLO- and SSD-shaped outputs and the segmentation target, on hand-weighted models whose
/// boxes are known: a red 8x8 square at x 16..24, y 8..16 is a class-0 object, a green one at x 4..12, y 20..28 class 1.
/// </summary>
public class DetectionTargetTests
{
    public static TheoryData<string, string> FormatsAndMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "yolo", "yolov8", "ssd" })
        {
            foreach (var method in new[] { "grad-cam", "hires-cam", "eigen-cam" })
            {
                data.Add(format, method);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndMethods))]
    public void Should_peak_inside_the_detected_box(string format, string method)
    {
        using var folder = new TempFolder();
        using var model = Load(format, folder.Path);
        using var scope = NewDisposeScope();
        // Eigen-CAM explains no target; it is pointed at a picture with the red object only.
        var x = Picture(green: method != "eigen-cam");
        var target = TargetSpec.Parse("detection:0:conf=0.5", model, _ => throw new InvalidOperationException());

        var map = AttributionMethods.Create(method).Explain(model, x, new AttributionRequest { Layer = "feat", Targets = [target] })[0, 0];

        var (y, xx) = map.ArgMax();
        Assert.InRange(xx, 16, 23);
        Assert.InRange(y, 8, 15);
        if (method != "eigen-cam")
        {
            // Four cells hold the red square: each box scores 1 (YOLOv5: objectness 1 x class score 1).
            Assert.Equal(4f, map.Score, 1e-5);
        }

        if (method == "hires-cam" || (method == "grad-cam" && format != "yolo"))
        {
            // Grad-CAM's averaged weights also light the green object on YOLOv5, whose objectness sums both colours.
            Assert.True(map[24, 8] < 0.05f, $"the green object got {map[24, 8]:F3}");
        }
    }

    [Theory]
    [InlineData("yolo")]
    [InlineData("ssd")]
    public void Should_explain_the_box_that_overlaps_the_given_one_most(string format)
    {
        using var folder = new TempFolder();
        using var model = Load(format, folder.Path);
        using var scope = NewDisposeScope();
        // The predicted box of cell (row 5, column 1) is x 4..8, y 20..24: the top-left quarter of the green square.
        var target = TargetSpec.Parse("box:3,19,9,25", model, _ => throw new InvalidOperationException());

        // HiResCAM keeps the gradient's place, so exactly the matched box's cell lights up.
        var map = AttributionMethods.Create("hires-cam").Explain(model, Picture(green: true), new AttributionRequest { Layer = "feat", Targets = [target] })[0, 0];

        Assert.Equal(1f, map.Score, 1e-5);
        var (y, x) = map.ArgMax();
        Assert.InRange(x, 4, 7);
        Assert.InRange(y, 20, 23);
        Assert.True(map[12, 20] < 0.05f);
    }

    [Fact]
    public void Should_draw_the_scored_boxes_on_the_overlay()
    {
        using var folder = new TempFolder();
        using var model = Load("ssd", folder.Path);
        var photo = Photo(Picture(green: true));

        var item = CamJob.Run(model, [photo], new CamJobOptions { Targets = ["detection:0:conf=0.5"], Layer = "feat" }).Single();

        // The red square's four cell boxes: outlines on x = 16 and x = 23 from y = 8 to 15, white inside black.
        Assert.Equal((byte.MaxValue, byte.MaxValue, byte.MaxValue), item.Overlay.GetPixel(16, 10));
        Assert.Equal((byte.MaxValue, byte.MaxValue, byte.MaxValue), item.Overlay.GetPixel(23, 14));
        Assert.Equal(((byte)0, (byte)0, (byte)0), item.Overlay.GetPixel(15, 10));
        Assert.NotEqual((byte.MaxValue, byte.MaxValue, byte.MaxValue), item.Overlay.GetPixel(6, 22));
    }

    [Fact]
    public void Should_outline_one_box_per_object_and_score_every_box_above_the_confidence()
    {
        // Three class-0 boxes (rows cx, cy, w, h, class 0, class 1) and four that score nothing: the second overlaps
        // the first (IoU 0.82) and scores lower, the third stands apart; YOLOv8's layout, as constants.
        using var folder = new TempFolder();
        float[] rows =
        [
            16, 17, 4, 28, 28, 28, 28, /* cx */ 16, 16, 4, 28, 28, 28, 28, /* cy */ 10, 10, 4, 2, 2, 2, 2, /* w */ 10, 10, 4, 2, 2, 2, 2, /* h */
            0.9f, 0.8f, 0.6f, 0, 0, 0, 0, /* class 0 */ 0, 0, 0, 0, 0, 0, 0, /* class 1 */
        ];
        var path = new OnnxModelBuilder(13).Input("x", 1, 3, 32, 32).Output("boxes")
            .Initializer("rows", rows, 1, 6, 7).Node("Identity", ["rows"], ["boxes"]).Save(folder.Path, "three");
        using var model = OnnxModelLoader.Load(path, preprocessing: new Preprocessing { Height = 32, Width = 32 });
        using var scope = NewDisposeScope();
        var target = (DetectionScore)new DetectionScore(0, 0.5).Resolve(model);
        using var noGrad = no_grad();
        var run = model.Run(zeros(1, 3, 32, 32));

        var outlined = target.SelectedBoxes(run, 0);

        Assert.Equal(0.9f + 0.8f + 0.6f, target.Score(run).item<float>(), 5);
        Assert.Equal([[11, 11, 21, 21], [2, 2, 6, 6]], outlined.Select(b => b.Select(v => (int)v).ToArray()).ToArray());
    }

    [Fact]
    public void Should_outline_the_top_detection_When_the_target_is_auto()
    {
        using var folder = new TempFolder();
        using var model = Load("ssd", folder.Path);
        var photo = Photo(Picture(green: false));

        var item = CamJob.Run(model, [photo], new CamJobOptions { Targets = ["auto"], Layer = "feat" }).Single();

        // "auto" resolves to the top detection, one of the red square's cells: its outline (white inside black) is
        // drawn, and nowhere else.
        var white = new List<(int X, int Y)>();
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                if (item.Overlay.GetPixel(x, y) == (byte.MaxValue, byte.MaxValue, byte.MaxValue))
                {
                    white.Add((x, y));
                }
            }
        }

        Assert.Equal("top detection", item.Target);
        Assert.NotEmpty(white);
        Assert.All(white, p => Assert.True(p.X is >= 16 and < 24 && p.Y is >= 8 and < 16, $"outline pixel at {p}"));
    }

    [Fact]
    public void Should_name_the_output_shapes_When_a_detection_target_meets_a_model_without_boxes()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Vit(), folder.Path, "vit");

        var error = Assert.Throws<ConvLensException>(() => TargetSpec.Parse("detection:0", model, _ => throw new InvalidOperationException()));

        Assert.Contains("model 'vit' outputs logits [1,5]", error.Message, StringComparison.Ordinal);
        Assert.Contains("accepted are a YOLO-style output [N,boxes,4+1+classes] or [N,4+classes,boxes]", error.Message, StringComparison.Ordinal);
        Assert.Contains("scores [N,boxes,classes] and boxes [N,boxes,4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_sum_the_class_logits_over_the_pixels_predicted_as_the_class()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(DetectorModels.Segmenter().Save(folder.Path, "seg"), preprocessing: new Preprocessing { Height = 32, Width = 32 });
        using var scope = NewDisposeScope();
        var target = TargetSpec.Parse("mask:1", model, _ => throw new InvalidOperationException());

        var map = AttributionMethods.Create("grad-cam").Explain(model, Picture(green: true), new AttributionRequest { Layer = "feat", Targets = [target] })[0, 0];

        // Class 1 wins on the green square's four cells, each with logit 1.
        Assert.Equal(4f, map.Score, 1e-5);
        var (y, x) = map.ArgMax();
        Assert.InRange(x, 4, 11);
        Assert.InRange(y, 20, 27);
        Assert.True(map[12, 20] < 0.05f);
    }

    [Fact]
    public void Should_reject_a_mask_target_on_a_model_without_a_segmentation_output()
    {
        using var folder = new TempFolder();
        using var model = TransformerModels.Load(TransformerModels.Vit(), folder.Path, "vit");
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ConvLensException>(() => AttributionMethods.Create("grad-cam").Explain(
            model, zeros(1, 3, 32, 32), new AttributionRequest { Targets = [new SegmentationMask(0)] }));

        Assert.Contains("needs a segmentation output [N,classes,H,W], but the model outputs [1,5]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("box:1,2,3,4:0,detection:1,3", new[] { "box:1,2,3,4:0", "detection:1", "3" })]
    [InlineData("auto,mask:2", new[] { "auto", "mask:2" })]
    public void Should_split_target_lists_keeping_box_coordinates_together(string text, string[] expected)
    {
        Assert.Equal(expected, TargetSpec.SplitList(text));
    }

    [Theory]
    [InlineData("detection", "detection:1:conf=0.25", "yolo")]
    [InlineData("box", "box:1,2,30,31:1", "ssd")]
    [InlineData("mask", "mask:1", "seg")]
    public void Should_parse_the_documented_detection_and_mask_forms(string prefix, string spec, string format)
    {
        using var folder = new TempFolder();
        using var model = format == "seg"
            ? OnnxModelLoader.Load(DetectorModels.Segmenter().Save(folder.Path, "seg"), preprocessing: new Preprocessing { Height = 32, Width = 32 })
            : Load(format, folder.Path);

        var target = TargetSpec.Parse(spec, model, _ => throw new InvalidOperationException());

        Assert.Contains(TargetSpec.Forms, f => f.Syntax.StartsWith(prefix + ":", StringComparison.Ordinal));
        Assert.Contains("1", target.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("detection:0:conf=high", "detection:CLASS[:conf=0.25]")]
    [InlineData("box:1,2,3", "box:X1,Y1,X2,Y2[:CLASS]")]
    public void Should_say_what_is_accepted_for_bad_detection_text(string spec, string syntax)
    {
        using var folder = new TempFolder();
        using var model = Load("yolo", folder.Path);

        var error = Assert.Throws<ConvLensException>(() => TargetSpec.Parse(spec, model, _ => throw new InvalidOperationException()));

        Assert.Contains(syntax, error.Message, StringComparison.Ordinal);
    }

    private static OnnxModel Load(string format, string folder)
    {
        var builder = format switch
        {
            "yolo" => DetectorModels.Yolo(attributesFirst: false),
            "yolov8" => DetectorModels.Yolo(attributesFirst: true),
            _ => DetectorModels.Ssd(),
        };
        return OnnxModelLoader.Load(builder.Save(folder, format), preprocessing: new Preprocessing { Height = 32, Width = 32 });
    }

    internal static Tensor Picture(bool green)
    {
        var x = zeros(1, 3, 32, 32);
        x[0, 0, 8..16, 16..24] = ones(8, 8);
        if (green)
        {
            x[0, 1, 20..28, 4..12] = ones(8, 8);
        }

        return x;
    }

    internal static RgbImage Photo(Tensor x)
    {
        var bytes = x[0].permute(1, 2, 0).mul(255).to(ScalarType.Byte).contiguous().data<byte>().ToArray();
        return new RgbImage(32, 32, bytes);
    }
}
