using System.Diagnostics;
using ConvLens.Models.Onnx;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Targets;
using Xunit.Abstractions;
using static TorchSharp.torch;

using ConvLens.Tests.Support;

namespace ConvLens.Tests.Visualize.Attribution;

/// <summary>Timings on the built-in ResNet18 featurizer for docs/performance.md; runs only with CONVLENS_TIMING=1.</summary>
public class AttributionTimingTests(ITestOutputHelper output)
{
    [OptInFact("CONVLENS_TIMING", "timing for docs/performance.md")]
    public void Measure_grad_cam_against_the_forward_backward_floor()
    {
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

        // Interleaved call by call, so both see the same load on a shared machine.
        var (floor, gradCam) = Interleaved(() => Floor(one), () => new GradCam().Explain(model, one, request), 9);
        var (floor8, gradCam8) = Interleaved(() => Floor(eight), () => new GradCam().Explain(model, eight, request), 3);
        var scoreCam = Environment.GetEnvironmentVariable("CONVLENS_TIMING_SCORECAM") == "1"
            ? Median(() => new ScoreCam().Explain(model, one, request with { BatchSize = 32 }), 1)
            : double.NaN;
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

    private static (double A, double B) Interleaved(Func<object> a, Func<object> b, int runs)
    {
        a();
        b();
        var (ta, tb) = (new List<double>(), new List<double>());
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            a();
            ta.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            b();
            tb.Add(clock.Elapsed.TotalMilliseconds);
        }

        ta.Sort();
        tb.Sort();
        return (ta[runs / 2], tb[runs / 2]);
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
