using ConvLens.Models.Onnx;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

/// <summary>
/// Whole torchvision exports (random weights) against torch's own outputs, made by tools/export_torchvision_onnx.py
/// on a machine with Debian's python3-torch. The exports are large, so they are not in the repository and this
/// runs only when CONVLENS_TORCHVISION_EXPORTS names their folder.
/// </summary>
public class TorchVisionExportTests(ITestOutputHelper log)
{
    private const double RelativeTolerance = 1e-4;

    [OptInFact("CONVLENS_TORCHVISION_EXPORTS", "torchvision exports against torch (tools/export_torchvision_onnx.py)")]
    public void Should_match_torch_and_backpropagate_to_the_input()
    {
        var root = Environment.GetEnvironmentVariable("CONVLENS_TORCHVISION_EXPORTS")!;
        var failures = new List<string>();
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            try
            {
                var (worst, detections) = Compare(dir);
                log.WriteLine($"{Path.GetFileName(dir)}: max relative error {worst:G3}, input gradient finite and non-zero{detections}");
                if (!(worst <= RelativeTolerance))
                {
                    failures.Add($"{Path.GetFileName(dir)}: max relative error {worst:G3}");
                }
            }
            catch (Exception e) when (e is OnnxImportException or Xunit.Sdk.XunitException)
            {
                log.WriteLine($"{Path.GetFileName(dir)}: {e.Message}");
                failures.Add($"{Path.GetFileName(dir)}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [OptInFact("CONVLENS_TORCHVISION_EXPORTS", "detection targets on torchvision's raw-heads exports (tools/export_torchvision_onnx.py --raw-heads)")]
    public void Should_explain_detections_on_the_raw_heads_exports()
    {
        var root = Environment.GetEnvironmentVariable("CONVLENS_TORCHVISION_EXPORTS")!;
        var photo = Path.Combine(OrtReference.SamplesFolder(), "astronaut.png");
        // The tool names them NAME_raw_heads_SIZE_opsetN; the full detectors take a [3,H,W] image and are not CAM models.
        foreach (var dir in Directory.GetDirectories(root).Where(d => Path.GetFileName(d).Contains("_raw_heads_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var model = OnnxModelLoader.Load(Path.Combine(dir, "model.onnx"));
            Assert.Equal(DetectionFormat.ScoresAndBoxes, DetectionOutputs.Find(model, "detection:1").Format);
            using var scope = NewDisposeScope();
            var size = model.Preprocessing.Height;
            var x = tensor(OrtReference.LoadRgb(photo, size)).reshape(1, 3, size, size);

            // The default layer, the most confident detection and the persons (COCO label 1) above 0.5.
            var result = AttributionMethods.Create("grad-cam").Explain(model, x, new AttributionRequest { Targets = [new TopClass(), new DetectionScore(1, 0.5)] });

            log.WriteLine($"{Path.GetFileName(dir)}: layer {result.Layer}; "
                + string.Join("; ", result.Maps.Select(m => $"{m.Target} score {m.Score:G4}{(m.Warning is null ? "" : " (" + m.Warning + ")")}")));
            Assert.All(result.Maps, m => Assert.True(float.IsFinite(m.Score) && m.Values.All(float.IsFinite), $"{Path.GetFileName(dir)}: {m.Target}"));
            Assert.True(result.Maps[0].Score > 0, $"{Path.GetFileName(dir)}: the top detection scores {result.Maps[0].Score}");
        }
    }

    /// <summary>
    /// The largest of max|actual − expected| / max|expected| over the outputs, and for a post-processed detector how
    /// far its detections agree (<see cref="DetectionListComparison"/>); throws when the backward fails.
    /// </summary>
    private static (double Worst, string Detections) Compare(string dir)
    {
        var data = Path.Combine(dir, "test_data_set_0");
        using var graph = OnnxModelLoader.Compile(OnnxModelLoader.ReadModel(Path.Combine(dir, "model.onnx")), Path.GetFileName(dir), dir);
        using var scope = NewDisposeScope();
        var input = TensorFile.Read(Path.Combine(data, "input_0.pb")).requires_grad_(true);
        var names = graph.OutputNames.ToList();
        var expectedOutputs = names.Select((_, i) => TensorFile.Read(Path.Combine(data, $"output_{i}.pb"))).ToList();

        var actual = graph.Evaluate([input], names);

        if (IsDetectionList(expectedOutputs))
        {
            var result = DetectionListComparison.Compare(
                (expectedOutputs[0], expectedOutputs[1], expectedOutputs[2]), (actual[names[0]], actual[names[1]], actual[names[2]]), RelativeTolerance);
            AssertInputGradient(actual[names[1]].sum(), input);
            return (result.WorstRelativeError, $"; detections: the first {result.Compared} of {result.ExpectedCount} (ConvLens {result.ActualCount}) agree in order"
                + (result.StoppedAt is { } at ? $", then a near tie, {at}; {result.FoundAnywhere} of torch's are among ConvLens's" : ""));
        }

        var worst = 0.0;
        Tensor? loss = null;
        for (var i = 0; i < names.Count; i++)
        {
            var expected = expectedOutputs[i];
            var got = actual[names[i]];
            Assert.True(expected.shape.SequenceEqual(got.shape), $"{names[i]}: shape [{string.Join(",", got.shape)}], expected [{string.Join(",", expected.shape)}]");
            if (!expected.is_floating_point())
            {
                var differing = got.to_type(expected.dtype).ne(expected).flatten().nonzero().flatten().data<long>().ToArray();
                Assert.True(differing.Length == 0,
                    $"{names[i]}: {differing.Length} of {expected.numel()} integer values differ, at flat positions {string.Join(",", differing.Take(20))}; float outputs so far within {worst:G3}");
                continue;
            }

            var scale = expected.abs().max().item<float>();
            worst = Math.Max(worst, (got.detach() - expected).abs().max().item<float>() / Math.Max(scale, float.Epsilon));
            loss ??= got.pow(2).sum();
        }

        AssertInputGradient(loss!, input);
        return (worst, "");
    }

    /// <summary>torchvision's post-processed detections: boxes [K,4], scores [K] and integer labels [K].</summary>
    private static bool IsDetectionList(List<Tensor> outputs) =>
        outputs is [var boxes, var scores, var labels]
        && boxes.shape is [var k, 4] && scores.shape.SequenceEqual([k]) && labels.shape.SequenceEqual([k])
        && boxes.is_floating_point() && scores.is_floating_point() && !labels.is_floating_point();

    private static void AssertInputGradient(Tensor loss, Tensor input)
    {
        var grad = autograd.grad([loss], [input])[0];
        Assert.True(grad.isfinite().all().item<bool>() && grad.abs().sum().item<float>() > 0, "the input gradient is not finite and non-zero");
    }
}
