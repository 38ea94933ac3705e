using System.Diagnostics;
using System.Globalization;

namespace ConvLens.Benchmarks;

/// <summary>
/// ConvLens against Debian's PyTorch 1.13 on the same ONNX file, call by call (`peer [rounds]`): the peer runs in a
/// child process (tools/pytorch_peer.py --serve) that waits on a pipe while ConvLens runs, so both see the same
/// machine load and the ratio of each round is a fair one on a noisy machine.
/// </summary>
internal static class PyTorchPeer
{
    public static void Run(int rounds)
    {
        var script = Path.Combine(RepositoryRoot(), "tools", "pytorch_peer.py");
        var onnx = Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, "--serve", onnx])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // The peer runs as shipped: libtorch's huge-page switch is ConvLens's setting, not PyTorch's default.
        start.Environment.Remove("THP_MEM_ALLOC_ENABLE");
        using var peer = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        double Peer(string call)
        {
            peer.StandardInput.WriteLine(call);
            peer.StandardInput.Flush();
            return double.Parse(peer.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the peer stopped"), CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var batch in new[] { 1, 8 })
        {
            var b = new ModelForwardBenchmarks { Batch = batch };
            b.Setup();
            (string Name, Func<double> Call)[] contenders =
            [
                ("ConvLens forward+backward", () => Time(() => b.ImportedForwardBackward())),
                ("PyTorch forward+backward", () => Peer($"forward+backward {batch}")),
                ("ConvLens forward (auto)", () => Time(() => b.ImportedForward())),
                ("PyTorch forward", () => Peer($"forward {batch}")),
            ];
            var times = contenders.Select(_ => new List<double>()).ToArray();
            for (var r = -2; r < rounds; r++)
            {
                for (var i = 0; i < contenders.Length; i++)
                {
                    // An untimed call first, as in `alternating`: the other process's pool may still be spinning.
                    contenders[i].Call();
                    var t = contenders[i].Call();
                    if (r >= 0)
                    {
                        times[i].Add(t);
                    }
                }
            }

            b.Cleanup();
            for (var i = 0; i < contenders.Length; i++)
            {
                var peerOf = i % 2 == 0 ? i + 1 : i;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batch}  {contenders[i].Name,-26} median {AlternatingRun.Median(times[i]),8:F1} ms  min {times[i].Min(),8:F1} ms  median ratio to PyTorch {AlternatingRun.MedianRatio(times[i], times[peerOf]):F2}"));
            }
        }

        peer.StandardInput.Close();
        peer.WaitForExit();
    }

    private static double Time(Action call)
    {
        var sw = Stopwatch.StartNew();
        call();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ConvLens.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
