using System.Diagnostics;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Maximize;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Dream = ConvLens.Visualize.DeepDream;

namespace ConvLens.Tests.Visualize.Maximize;

/// <summary>
/// Timing harness for docs/performance.md. Run:
/// <c>CONVLENS_BENCH=1 dotnet test tests/ConvLens.Tests -c Release --filter FullyQualifiedName~MaximizeBenchmarks --logger "console;verbosity=detailed"</c>
/// (CONVLENS_BENCH_MODEL / CONVLENS_BENCH_LAYER override the model and layer; defaults resnet18-featurizer, stage3).
/// </summary>
[Collection("Sequential")]
public class MaximizeBenchmarks(ITestOutputHelper output)
{
    private static string ModelSpec => Environment.GetEnvironmentVariable("CONVLENS_BENCH_MODEL") ?? ModelCatalog.DefaultModel;

    private static string Layer => Environment.GetEnvironmentVariable("CONVLENS_BENCH_LAYER") ?? "stage3";

    [OptInFact("CONVLENS_BENCH", "benchmark for docs/performance.md")]
    public void Steps_per_second_and_share_outside_forward_backward()
    {
        set_num_threads(2);
        using var model = ModelCatalog.Load(ModelSpec);
        foreach (var batch in new[] { 1, 8 })
        {
            var objective = Objectives.Channels(Layer, [.. Enumerable.Range(0, batch)]);
            var options = new MaximizeOptions { KeepFrames = false };
            var taps = new[] { model.ResolveLayer(Layer) };
            using var image = new FourierImage(batch, 128, 128, seed: 0);
            using var session = new MaximizeSession(model, objective, image, Transforms.Standard, options, taps);
            var stepWall = new List<double>();
            var stepCpu = new List<double>();
            var fbWall = new List<double>();
            var fbCpu = new List<double>();
            var steps = batch == 1 ? 30 : 12;

            // Interleaved, so both see the same machine load: one optimisation step, then the network alone
            // (forward to the tapped layer + objective + backward to a 224x224 input of the same batch).
            for (var i = 0; i < steps + 2; i++)
            {
                var (wall, cpu) = Time(() => session.Step());
                var (fw, fc) = Time(() => ForwardBackward(model, objective, taps, batch));
                if (i >= 2)
                {
                    stepWall.Add(wall);
                    stepCpu.Add(cpu);
                    fbWall.Add(fw);
                    fbCpu.Add(fc);
                }
            }

            double step = Median(stepWall), fb = Median(fbWall), stepC = Median(stepCpu), fbC = Median(fbCpu);
            output.WriteLine($"{ModelSpec} {Layer} 128x128 (upsampled to 224) batch {batch}: step median {step:F1} ms wall ({1000 / step:F2} steps/s, {batch * 1000 / step:F2} images/s), {stepC:F1} ms CPU; "
                + $"forward+backward alone {fb:F1} ms wall, {fbC:F1} ms CPU; outside: {100 * (step - fb) / step:F1} % wall, {100 * (stepC - fbC) / stepC:F1} % CPU");
        }
    }

    private static void ForwardBackward(LoadedModel model, Objective objective, string[] taps, int batch)
    {
        using var scope = NewDisposeScope();
        var x = rand(batch, 3, 224, 224).requires_grad_(true);
        var run = model.Run(x, taps, needOutput: false);
        objective.Evaluate(new ObjectiveContext(run, x, x)).sum().backward();
        _ = x.grad!.sum().item<float>();
    }

    private static (double WallMs, double CpuMs) Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu0).TotalMilliseconds);
    }

    [OptInFact("CONVLENS_BENCH", "benchmark for docs/performance.md")]
    public void DeepDream_four_octaves_on_512()
    {
        set_num_threads(2);
        using var model = ModelCatalog.Load(ModelSpec);
        var photo = ImageDecoder.Load(MaximizeModels.Sample("astronaut.png"));
        Dream.DeepDream.Run(model, photo, Objectives.Layer(Layer), new Dream.DeepDreamOptions { Octaves = 1, StepsPerOctave = 1 }); // warm-up
        var result = Dream.DeepDream.Run(model, photo, Objectives.Layer(Layer), new Dream.DeepDreamOptions());
        output.WriteLine($"{ModelSpec} {Layer} DeepDream {photo.Width}x{photo.Height}, 4 octaves x 10 steps: {result.Elapsed.TotalSeconds:F2} s");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
