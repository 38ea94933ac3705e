using System.Diagnostics;
using System.Globalization;
using ConvLens.Models.Onnx;
using static TorchSharp.torch;

namespace ConvLens.Benchmarks;

/// <summary>Time per ONNX op type in the imported featurizer's forward (no_grad), to see where the gap to ORT is.</summary>
internal static class OpProfile
{
    /// <param name="gradient">When true, the forward is recorded for a gradient to the input and the backward is timed as a whole.</param>
    /// <param name="byShape">When true, convolutions are reported per output shape.</param>
    public static void Run(int batch, int rounds, bool gradient = false, bool byShape = false)
    {
        set_num_threads(2);
        using var model = ResNet18Featurizer.Load();
        using var images = rand(new long[] { batch, 3, 224, 224 }, generator: new Generator(1));
        using var pre = model.Preprocessing.Apply(images);
        var graph = model.Graph;
        var output = graph.OutputNames.First();
        var perType = new Dictionary<string, List<double>>();
        var total = new List<double>();
        var backward = new List<double>();
        for (var r = -2; r < rounds; r++)
        {
            var times = new Dictionary<string, double>();
            var sw = Stopwatch.StartNew();
            var last = 0.0;
            using (var scope = NewDisposeScope())
            using (gradient ? enable_grad() : no_grad())
            {
                var x = gradient ? pre.detach().requires_grad_(true) : pre;
                var values = graph.Evaluate([x], [output], (node, j, _, t) =>
                {
                    if (j == 0)
                    {
                        var now = sw.Elapsed.TotalMilliseconds;
                        var key = byShape && node.OpType == "Conv" ? $"Conv {string.Join("x", t.shape)}" : node.OpType; times[key] = times.GetValueOrDefault(key) + (now - last);
                        last = now;
                    }

                    return t;
                });
                if (gradient)
                {
                    var forwardEnd = sw.Elapsed.TotalMilliseconds;
                    autograd.grad([values[output].sum()], [x]);
                    if (r >= 0)
                    {
                        backward.Add(sw.Elapsed.TotalMilliseconds - forwardEnd);
                    }
                }
            }

            if (r >= 0)
            {
                total.Add(sw.Elapsed.TotalMilliseconds);
                foreach (var (k, v) in times)
                {
                    (perType.TryGetValue(k, out var l) ? l : perType[k] = []).Add(v);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch}: total median {AlternatingRun.Median(total):F1} ms"));
        if (gradient)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  backward to the input     {AlternatingRun.Median(backward),8:F1} ms"));
        }

        foreach (var (k, v) in perType.OrderByDescending(p => AlternatingRun.Median(p.Value)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k,-24} {AlternatingRun.Median(v),8:F1} ms  ({graph.Nodes.Count(n => n.OpType == k.Split(' ')[0])} {(k.Contains(' ') ? "Conv nodes in all" : "nodes")})"));
        }
    }
}
