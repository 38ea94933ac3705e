using System.Globalization;
using static TorchSharp.torch;

namespace ConvLens.Benchmarks;

/// <summary>
/// `ortpath [rounds]`: where `LoadedModel.Run` on ONNX Runtime spends what a plain ORT session does not (issue 15,
/// item 1). Round-robin, batch 1 and 8, each contender called once untimed and once timed per round: the public
/// path (preprocessing, engine choice, tap session, outputs into libtorch tensors), the preprocessing alone, the
/// model's ORT engine alone on preprocessed input, and a plain ORT session on ready input.
/// </summary>
internal static class OrtPathSplit
{
    public static void Run(int rounds)
    {
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var batch in new[] { 1, 8 })
        {
            var b = new ModelForwardBenchmarks { Batch = batch };
            b.Setup();
            var model = b.Model;
            using var pre = model.Preprocessing.Apply(b.Images).contiguous();
            List<(string Name, Action Call)> contenders =
            [
                ("LoadedModel.Run (auto: ORT)", () => b.ImportedForward()),
                ("preprocessing alone", () =>
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    _ = model.Preprocessing.Apply(b.Images).sum().item<float>();
                }),
                ("model's ORT engine alone", () =>
                {
                    using var scope = NewDisposeScope();
                    _ = model.Ort!.Run(pre, [], needOutput: true, required: true)!.Output!.sum().item<float>();
                }),
                ("model's ORT engine, RGB in", () =>
                {
                    using var scope = NewDisposeScope();
                    _ = model.Ort!.RunImages(b.Images, [], needOutput: true, required: true)!.Output!.sum().item<float>();
                }),
                ("plain ORT session", () => b.OrtForward()),
            ];
            var times = contenders.Select(_ => new List<double>()).ToArray();
            for (var r = -2; r < rounds; r++)
            {
                for (var i = 0; i < contenders.Count; i++)
                {
                    contenders[i].Call();
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    contenders[i].Call();
                    if (r >= 0)
                    {
                        times[i].Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }

            b.Cleanup();
            for (var i = 0; i < contenders.Count; i++)
            {
                var ratio = AlternatingRun.Median([.. times[i].Zip(times[^1], (t, o) => t / o)]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batch}  {contenders[i].Name,-30} median {AlternatingRun.Median(times[i]),7:F1} ms  min {times[i].Min(),7:F1} ms  x{ratio:F2} of plain ORT"));
            }
        }
    }
}
