using System.Globalization;
using ConvLens.Models.Onnx;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Relevance;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Benchmarks;

/// <summary>
/// `lrp [rounds]`: the LRP composites on the built-in featurizer (224x224, batch 8, target = output 0) against one forward +
/// backward to the input (the floor every gradient method pays) and saliency, round-robin; medians and the median
/// of per-round ratios to the floor.
/// </summary>
internal static class RelevanceCosts
{
    public static void Run(int rounds)
    {
        set_num_threads(2);
        using var model = ResNet18Featurizer.Load();
        var target = new RegressionOutput(0);
        using var images = rand(new long[] { 8, 3, 224, 224 }, generator: new Generator(1));
        var request = new AttributionRequest { Targets = [target], BatchSize = 8 };
        IAttributionMethod[] methods = [new Saliency(), .. LrpComposite.All.Select(c => new Lrp(c))];
        List<(string Name, Action Call)> contenders =
        [
            ("floor: forward + backward to the input", () =>
            {
                using var scope = NewDisposeScope();
                var x = images.detach().requires_grad_(true);
                _ = autograd.grad([target.Score(model.Run(x)).sum()], [x])[0].sum().item<float>();
            }),
            .. methods.Select(m => (m.Id, (Action)(() => m.Explain(model, images, request)))),
        ];
        var times = AlternatingRun.RoundRobin([.. contenders.Select(c => c.Call)], rounds);
        for (var i = 0; i < contenders.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch 8  {contenders[i].Name,-40} median {AlternatingRun.Median(times[i]),9:F1} ms  x{AlternatingRun.MedianRatio(times[i], times[0]):F2} of the floor"));
        }
    }
}
