using System.Diagnostics;
using System.Globalization;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Benchmarks;

/// <summary>Forward and input-gradient backward of each distinct ResNet18 convolution at batch 8, one by one (`convbwd`), against tools/pytorch_conv_shapes.py.</summary>
internal static class ConvBackwardShapes
{
    private static readonly (int In, int Out, int K, int S, int Hw)[] Shapes =
    [
        (3, 64, 7, 2, 224), (64, 64, 3, 1, 56), (64, 128, 3, 2, 56), (128, 128, 3, 1, 28), (64, 128, 1, 2, 56), (128, 256, 3, 2, 28),
        (256, 256, 3, 1, 14), (128, 256, 1, 2, 28), (256, 512, 3, 2, 14), (512, 512, 3, 1, 7), (256, 512, 1, 2, 14),
    ];

    public static void Run(int batch)
    {
        set_num_threads(2);
        // As every model does before its first convolution (CONVLENS_ONEDNN_CACHE_REPAIR=0 measures without).
        Console.WriteLine(ConvLens.Engine.OneDnnCacheRepair.Ensure().Detail);
        FirstConv(batch);
        SmallSpatial(batch);
        foreach (var (ci, co, k, s, hw) in Shapes)
        {
            using var scope = NewDisposeScope();
            var x = rand(batch, ci, hw, hw).requires_grad_(true);
            var w = rand(co, ci, k, k) * 0.01f;
            var fwd = new List<double>();
            var bwd = new List<double>();
            for (var r = 0; r < 12; r++)
            {
                using var inner = NewDisposeScope();
                var sw = Stopwatch.StartNew();
                var y = F.conv2d(x, w, null, [s, s], [k / 2, k / 2]);
                var t1 = sw.Elapsed.TotalMilliseconds;
                var g = autograd.grad([y], [x], [ones_like(y)])[0];
                var t2 = sw.Elapsed.TotalMilliseconds;
                if (r >= 2)
                {
                    fwd.Add(t1);
                    bwd.Add(t2 - t1);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ci,4}->{co,4} k{k} s{s} {hw,4}: fwd {AlternatingRun.Median(fwd),7:F2}  bwd {AlternatingRun.Median(bwd),7:F2} ms"));
        }
    }

    private static void FirstConv(int batch)
    {
        using var scope = NewDisposeScope();
        var x0 = rand(batch, 3, 224, 224);
        var w = rand(64, 3, 7, 7) * 0.01f;
        var w4 = F.pad(w, [0, 1, 0, 1]).reshape(64, 3, 4, 2, 4, 2).permute(0, 1, 3, 5, 2, 4).reshape(64, 12, 4, 4).contiguous();
        var wcl = w.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        (string, Func<Tensor, Tensor>)[] variants =
        [
            ("plain", x => F.conv2d(x, w, null, [2, 2], [3, 3])),
            ("channels-last", x => F.conv2d(x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), wcl, null, [2, 2], [3, 3])),
            ("sub-pixel (grad only)", x => SubPixel(x, w)),
            ("space-to-depth", x => F.conv2d(F.pixel_unshuffle(F.pad(x, [3, 5, 3, 5]), 2), w4).narrow(2, 0, 112).narrow(3, 0, 112)),
        ];
        var times = variants.Select(_ => new List<double>()).ToArray();
        Tensor? reference = null;
        for (var r = 0; r < 14; r++)
        {
            for (var i = 0; i < variants.Length; i++)
            {
                using var inner = NewDisposeScope();
                var x = x0.clone().requires_grad_(true);
                var sw = Stopwatch.StartNew();
                var y = variants[i].Item2(x);
                var g = autograd.grad([y], [x], [ones_like(y)])[0];
                var t = sw.Elapsed.TotalMilliseconds;
                if (r >= 2)
                {
                    times[i].Add(t);
                }

                if (r == 0 && i == 0)
                {
                    reference = g.MoveToOuterDisposeScope();
                }
                else if (r == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {variants[i].Item1} max |grad - plain| {(g - reference!).abs().max().item<float>():E2}"));
                }
            }
        }

        for (var i = 0; i < variants.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first conv {variants[i].Item1,-16} fwd+bwd median {AlternatingRun.Median(times[i]),7:F2} ms  min {times[i].Min(),7:F2}"));
        }
    }

    // Timing stand-in: the forward conv, then its input gradient for an all-ones output gradient by one stride-1 conv.
    private static Tensor SubPixel(Tensor x, Tensor w)
    {
        var noGrad = no_grad();
        var y = F.conv2d(x, w, null, [2, 2], [3, 3]);
        var wc = zeros([4, 64, 3, 4, 4]);
        for (var p = 0; p < 4; p++)
        {
            var (a, b) = (p / 2, p % 2);
            for (var kh = 0; kh < 7; kh++)
            {
                for (var kw = 0; kw < 7; kw++)
                {
                    if ((kh - a - 3) % 2 == 0 && (kw - b - 3) % 2 == 0)
                    {
                        wc[p, .., .., ((a + 3 - kh) / 2) + 1, ((b + 3 - kw) / 2) + 1] = w[.., .., kh, kw];
                    }
                }
            }
        }

        var k = wc.permute(0, 2, 1, 3, 4).reshape(12, 64, 4, 4).contiguous();
        var sw = Stopwatch.StartNew();
        var g = ones_like(y);
        var o = F.conv2d(F.pad(g, [1, 2, 1, 2]), k).reshape(x.shape[0], 2, 2, 3, 112, 112).permute(0, 3, 4, 1, 5, 2).reshape(x.shape[0], 3, 224, 224);
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"[{sw.Elapsed.TotalMilliseconds:F1}] "));
        noGrad.Dispose();
        return (x * o.detach()).sum();
    }

    private static void SmallSpatial(int batch)
    {
        foreach (var (c, hw) in new[] { (512, 7), (256, 14) })
        {
            using var scope = NewDisposeScope();
            var x0 = rand(batch, c, hw, hw);
            var w = rand(c, c, 3, 3) * 0.01f;
            var wcl = w.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
            var wm = w.reshape(c, -1);
            (string, Func<Tensor, Tensor>)[] variants =
            [
                ("plain", x => F.conv2d(x, w, null, [1, 1], [1, 1])),
                ("channels-last", x => F.conv2d(x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), wcl, null, [1, 1], [1, 1])),
                ("output padded to 8", x => F.conv2d(F.pad(x, [1, 2, 1, 2]), w).narrow(2, 0, hw).narrow(3, 0, hw)),
                ("output padded to 16", x => F.conv2d(F.pad(x, [1, 16 - hw + 1, 1, 16 - hw + 1]), w).narrow(2, 0, hw).narrow(3, 0, hw)),
                ("unfold+matmul", x => matmul(wm, F.unfold(x, (3, 3), padding: (1, 1))).reshape(x.shape[0], c, hw, hw)),
            ];
            var times = variants.Select(_ => new List<double>()).ToArray();
            Tensor? reference = null;
            for (var r = 0; r < 14; r++)
            {
                for (var i = 0; i < variants.Length; i++)
                {
                    using var inner = NewDisposeScope();
                    var x = x0.clone().requires_grad_(true);
                    var sw = Stopwatch.StartNew();
                    var y = variants[i].Item2(x);
                    var g = autograd.grad([y], [x], [ones_like(y)])[0];
                    var t = sw.Elapsed.TotalMilliseconds;
                    if (r >= 2)
                    {
                        times[i].Add(t);
                    }

                    if (r == 0 && i == 0)
                    {
                        reference = g.MoveToOuterDisposeScope();
                    }
                    else if (r == 0)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {variants[i].Item1} max |grad - plain| {(g - reference!).abs().max().item<float>():E2}"));
                    }
                }
            }

            for (var i = 0; i < variants.Length; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c}@{hw} {variants[i].Item1,-16} fwd+bwd median {AlternatingRun.Median(times[i]),7:F2} ms  min {times[i].Min(),7:F2}"));
            }
        }
    }
}
