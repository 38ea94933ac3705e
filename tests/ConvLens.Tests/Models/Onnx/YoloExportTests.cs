using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

/// <summary>
/// YOLOv5n, YOLOv8n, YOLOv8n-seg, YOLOv8n-pose and YOLO11n exported as Ultralytics' exporter does (tools/export_yolo_onnx.py: the architectures
/// re-implemented, random weights, BatchNorm folded, Ultralytics' metadata), against torch's own outputs. The exports
/// need Debian's python3-torch, so this runs only when CONVLENS_YOLO_EXPORTS names their folder.
/// </summary>
public class YoloExportTests(ITestOutputHelper log)
{
    private const double RelativeTolerance = 1e-4;

    [OptInFact("CONVLENS_YOLO_EXPORTS", "YOLO exports against torch (tools/export_yolo_onnx.py)")]
    public void Should_load_as_ultralytics_models_match_torch_and_explain_their_detections()
    {
        var root = Environment.GetEnvironmentVariable("CONVLENS_YOLO_EXPORTS")!;
        var dirs = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(dirs);
        foreach (var dir in dirs)
        {
            var name = Path.GetFileName(dir);
            using var model = OnnxModelLoader.Load(Path.Combine(dir, "model.onnx"));
            using var scope = NewDisposeScope();
            var data = Path.Combine(dir, "test_data_set_0");
            var input = TensorFile.Read(Path.Combine(data, "input_0.pb"));
            var expected = TensorFile.Read(Path.Combine(data, "output_0.pb"));

            // The metadata, not ImageNet: RGB 0..1 as the export was fed, letterboxed, with COCO's names.
            Assert.Equal(ResizeMode.Letterbox, model.Preprocessing.Resize);
            Assert.Equal((input.shape[2], input.shape[3]), (model.Preprocessing.Height, model.Preprocessing.Width));
            Assert.Equal(name.Contains("-pose", StringComparison.Ordinal) ? 1 : 80, model.Labels!.Count);
            Assert.Equal("person", model.Labels[0]);

            Tensor actual, ort;
            using (no_grad())
            {
                model.Engine = ModelEngine.Torch;
                actual = model.Run(input).Output!;
                model.Engine = ModelEngine.Ort;
                ort = model.Run(input).Output!;
                model.Engine = ModelEngine.Auto;
            }

            Assert.Equal(expected.shape, actual.shape);
            var outputs = DetectionOutputs.Find(model, "detection:0");
            var attributesFirst = outputs.Format == DetectionFormat.AttributesFirst;
            // The metadata's names bound the classes: a segmentation export's 32 mask coefficients and a pose export's
            // 51 keypoint values follow them.
            Assert.Equal(model.Labels.Count, outputs.Classes);
            Assert.Equal(name.StartsWith("yolov5", StringComparison.Ordinal) ? DetectionFormat.BoxesFirst : DetectionFormat.AttributesFirst, outputs.Format);
            var axis = attributesFirst ? 1 : 2;
            var boxError = RelativeError(actual.narrow(axis, 0, 4), expected.narrow(axis, 0, 4));
            var scoreError = RelativeError(actual.narrow(axis, 4, expected.shape[axis] - 4), expected.narrow(axis, 4, expected.shape[axis] - 4));
            var ortScoreError = RelativeError(ort.narrow(axis, 4, expected.shape[axis] - 4), expected.narrow(axis, 4, expected.shape[axis] - 4));
            var ortBoxError = RelativeError(ort.narrow(axis, 0, 4), expected.narrow(axis, 0, 4));

            // The class with most boxes above 0.25, and the box that scores it best short of a saturated sigmoid
            // (random weights give some boxes a score of exactly 1, whose gradient is 0 in float32).
            var run = Run(model, input);
            var scores = outputs.Scores(run);
            var best = scores[0].gt(0.25).sum(0).argmax().item<long>();
            var unsaturated = where(scores[0, .., best].lt(0.99), scores[0, .., best], zeros_like(scores[0, .., best]));
            var topBox = outputs.Boxes(run)[0, unsaturated.argmax().item<long>()].data<float>().ToArray();
            var targets = new ITarget[] { new DetectionScore(best, 0.25), new BoxOverlap(topBox, best) };
            var request = new AttributionRequest { Targets = targets };
            var grad = AttributionMethods.Create("grad-cam").Explain(model, input, request);
            var eigen = AttributionMethods.Create("eigen-cam").Explain(model, input, request);
            var saliency = AttributionMethods.Create("saliency").Explain(model, input, request);

            log.WriteLine($"{name}: output [{string.Join(",", actual.shape)}], max relative error boxes {boxError:G3}, scores {scoreError:G3} (ONNX Runtime {ortBoxError:G3}, {ortScoreError:G3}); "
                + $"default layer {grad.Layer}; detection:{model.Labels[(int)best]}:conf=0.25 score {grad.Maps[0].Score:G4}, box {string.Join(",", topBox.Select(v => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)))} score {grad.Maps[1].Score:G4}; "
                + string.Join("; ", grad.Maps.Select(m => $"grad-cam {m.Target}: {m.Warning ?? "ok"}")));
            Assert.True(boxError <= RelativeTolerance, $"{name}: boxes differ from torch by {boxError:G3}");
            Assert.True(scoreError <= RelativeTolerance, $"{name}: scores differ from torch by {scoreError:G3}");
            Assert.True(Math.Max(ortBoxError, ortScoreError) <= RelativeTolerance, $"{name}: ONNX Runtime differs from torch by {ortBoxError:G3} (boxes), {ortScoreError:G3} (scores)");
            Assert.All(grad.Maps, m => Assert.True(m.Score > 0 && m.Values.All(float.IsFinite), $"{name}: grad-cam {m.Target} scores {m.Score}"));
            // Both targets send a gradient through the whole graph to the pixels, and Eigen-CAM sees structure at the
            // default layer. (Grad-CAM of random weights may be negative everywhere and come out constant after its ReLU.)
            foreach (var map in saliency.Maps.Concat(eigen.Maps))
            {
                Assert.True(map.Warning is null && map.Values.All(float.IsFinite) && map.Values.Max() > map.Values.Min(), $"{name}: {map.Target}: {map.Warning ?? "constant or not finite"}");
            }
        }
    }

    private static ModelRun Run(LoadedModel model, Tensor input)
    {
        using var noGrad = no_grad();
        return model.Run(input);
    }

    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual - expected).abs().max().item<float>() / Math.Max(expected.abs().max().item<float>(), float.Epsilon);
}
