using System.Diagnostics;
using ConvLens.Models.Onnx;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Targets;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution;

/// <summary>Timings on the built-in ResNet18 featurizer for docs/performance.md; runs only with CONVLENS_TIMING=1.</summary>
public class AttributionTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void Measure_grad_cam_against_the_forward_backward_floor()
    {
        if (Environment.GetEnvironmentVariable("CONVLENS_TIMING") != "1")
        {
            return;
        }

        using var model = ResNet18Featurizer.Load();
        using var generator = new Generator(1);
        using var one = rand([1, 3, 224, 224], generator: generator);
        using var eight = rand([8, 3, 224, 224], generator: generator);
        var target = new RegressionOutput(0);
        var layer = model.ResolveLayer("stage4");
        var request = new AttributionRequest { Layer = "stage4", Targets = [target], BatchSize = 8 };

        double Floor(Tensor x)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().requires_grad_(true);
            var run = model.Run(input, [layer]);
            autograd.grad([target.Score(run).sum()], [run[layer]]);
            return 0;
        }

        var floor = Median(() => Floor(one), 7);
        var gradCam = Median(() => new GradCam().Explain(model, one, request), 7);
        var floor8 = Median(() => Floor(eight), 3);
        var gradCam8 = Median(() => new GradCam().Explain(model, eight, request), 3);
        var scoreCam = Median(() => new ScoreCam().Explain(model, one, request with { BatchSize = 32 }), 1);
        var lines = new[]
        {
            $"forward+backward floor (batch 1): {floor:F0} ms",
            $"grad-cam (batch 1): {gradCam:F0} ms, ratio {gradCam / floor:F2}",
            $"forward+backward floor (batch 8): {floor8:F0} ms",
            $"grad-cam (batch 8): {gradCam8:F0} ms = {8000 / gradCam8:F1} images/s, ratio {gradCam8 / floor8:F2}",
            $"score-cam (512 channels, batch 32): {scoreCam:F0} ms per image",
        };
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "convlens-attribution-timing.txt"), lines);
    }

    private static double Median(Func<object> action, int runs)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
