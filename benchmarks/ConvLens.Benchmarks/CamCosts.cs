using System.Globalization;
using ConvLens.Models.Onnx;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Perturbation;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Attribution.Wrappers;
using static TorchSharp.torch;

namespace ConvLens.Benchmarks;

/// <summary>
/// `cams [rounds]`: the newer attribution methods on the built-in featurizer (stage4, 224x224, batch 8) against one
/// forward + backward to stage4 (what a CAM needs) and to the input (what FullGrad needs), round-robin so every contender sees the same machine load; medians and the median of
/// per-round ratios to the floor. RISE and KPCA-CAM are also timed per image at batch 1 (their cost is stated per image).
/// </summary>
internal static class CamCosts
{
    public static void Run(int rounds)
    {
        set_num_threads(int.TryParse(Environment.GetEnvironmentVariable("CONVLENS_BENCH_THREADS"), out var t) ? t : 2);
        using var model = ResNet18Featurizer.Load();
        var layer = model.ResolveLayer("stage4");
        var target = new RegressionOutput(0);
        foreach (var (batch, methods) in new (int, IAttributionMethod[])[]
        {
            (8, [new GradCam(), new EigenGradCam(), new FinerCam(), new SmoothGradCamPlusPlus(), new KpcaCam(), new FullGrad(), new EigenSmoothing(new GradCam()), new AugmentationSmoothing(new GradCam())]),
            (1, [new KpcaCam(), new Rise(masks: 256)]),
        })
        {
            using var images = rand(new long[] { batch, 3, 224, 224 }, generator: new Generator(1));
            var request = new AttributionRequest { Layer = "stage4", Targets = [target], BatchSize = Math.Max(batch, 32) };
            List<(string Name, Action Call)> contenders =
            [
                ("floor: forward + backward to stage4", () =>
                {
                    using var scope = NewDisposeScope();
                    var run = model.Run(images.detach().requires_grad_(true), [layer]);
                    _ = autograd.grad([target.Score(run).sum()], [run[layer]])[0].sum().item<float>();
                }),
                ("floor: forward + backward to the input", () =>
                {
                    using var scope = NewDisposeScope();
                    var x = images.detach().requires_grad_(true);
                    _ = autograd.grad([target.Score(model.Run(x, [layer])).sum()], [x])[0].sum().item<float>();
                }),
                .. methods.Select(m => (m.Id, (Action)(() => m.Explain(model, images, request)))),
            ];
            var times = AlternatingRun.RoundRobin([.. contenders.Select(c => c.Call)], rounds);

            for (var i = 0; i < contenders.Count; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batch}  {contenders[i].Name,-36} median {AlternatingRun.Median(times[i]),9:F1} ms  ({AlternatingRun.Median(times[i]) / batch,8:F1} ms/image)  x{AlternatingRun.MedianRatio(times[i], times[0]):F2} of the floor, x{AlternatingRun.MedianRatio(times[i], times[1]):F2} of the full backward"));
            }
        }
    }
}
