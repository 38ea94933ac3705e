using System.Diagnostics;
using System.Globalization;

namespace ConvLens.Benchmarks;

/// <summary>Runs the three contenders round-robin (a warm-up call, then a timed one) and prints medians and the median of per-round ratios.</summary>
internal static class AlternatingRun
{
    public static void Run(int rounds)
    {
        foreach (var batch in new[] { 1, 8 })
        {
            var b = new ModelForwardBenchmarks { Batch = batch };
            b.Setup();
            Func<float>[] contenders = [b.ImportedForward, b.ImportedForwardBackward, b.OrtForward];
            string[] names = ["imported forward", "imported forward+backward", "ORT forward"];
            var times = names.Select(_ => new List<double>()).ToArray();
            for (var r = -2; r < rounds; r++)
            {
                for (var i = 0; i < contenders.Length; i++)
                {
                    // One untimed call first: ORT's pool keeps spinning for a while after its run and would steal
                    // the cores from whichever contender follows it.
                    contenders[i]();
                    var sw = Stopwatch.StartNew();
                    contenders[i]();
                    if (r >= 0)
                    {
                        times[i].Add(sw.Elapsed.TotalMilliseconds);
                    }
                }
            }

            b.Cleanup();
            for (var i = 0; i < names.Length; i++)
            {
                var ratios = times[i].Zip(times[2], (t, o) => t / o).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batch}  {names[i],-26} median {Median(times[i]),8:F1} ms  min {times[i].Min(),8:F1} ms  median ratio to ORT {Median(ratios):F2}"));
            }
        }
    }

    /// <summary>
    /// Calls every contender once per round, in turn, so that all see the same machine load; one warm-up round is not
    /// recorded. Returns the milliseconds of each contender, round by round.
    /// </summary>
    internal static List<double>[] RoundRobin(IReadOnlyList<Action> contenders, int rounds)
    {
        var times = contenders.Select(_ => new List<double>()).ToArray();
        for (var r = -1; r < rounds; r++)
        {
            for (var i = 0; i < contenders.Count; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                contenders[i]();
                if (r >= 0)
                {
                    times[i].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }

        return times;
    }

    /// <summary>The median over rounds of <paramref name="times"/> / <paramref name="floor"/>, round by round.</summary>
    internal static double MedianRatio(List<double> times, List<double> floor) => Median([.. times.Zip(floor, (a, b) => a / b)]);

    internal static double Median(List<double> v)
    {
        var s = v.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }
}

/// <summary>
/// One contender alone in its process (`alone convlens|ort BATCH ROUNDS`): what a command that runs only ConvLens's own
/// sessions sees, without the other contender's thread pool in the process. Run the two one after the other, twice.
/// </summary>
internal static class AloneRun
{
    public static void Run(string which, int batch, int rounds)
    {
        var b = new ModelForwardBenchmarks { Batch = batch };
        b.Setup();
        Func<float> call = which == "ort" ? b.OrtForward : b.ImportedForward;
        var times = new List<double>();
        for (var r = -3; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            call();
            if (r >= 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        b.Cleanup();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch}  {(which == "ort" ? "plain ORT session" : "LoadedModel.Run (auto: ORT)"),-28} alone: median {AlternatingRun.Median(times),7:F1} ms  min {times.Min(),7:F1} ms"));
    }
}
