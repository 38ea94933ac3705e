using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

/// <summary>Random and mutated bytes: the loader either succeeds or throws a ConvLensException, and never hangs.</summary>
public class OnnxLoaderFuzzTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Should_fail_cleanly_or_succeed_on_300_mutations_of_a_valid_model()
    {
        using var folder = new TempFolder();
        var valid = File.ReadAllBytes(OnnxGradientTests.SmallNet(folder.Path));
        var rng = new Random(1234);
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 300; i++)
        {
            var bytes = Mutate(valid, rng);
            var outcome = LoadAndRun(bytes, folder.File($"m{i}.onnx"));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        log.WriteLine("outcomes: " + string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}")));
        // Both outcomes must actually occur, or the mutations test nothing.
        Assert.True(outcomes.GetValueOrDefault("error") > 0 && outcomes.GetValueOrDefault("ok") > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public void Should_reject_random_bytes_cleanly()
    {
        using var folder = new TempFolder();
        var rng = new Random(99);
        for (var i = 0; i < 50; i++)
        {
            var bytes = new byte[rng.Next(1, 4096)];
            rng.NextBytes(bytes);
            Assert.Equal("error", LoadAndRun(bytes, folder.File($"r{i}.onnx")));
        }
    }

    private static string LoadAndRun(byte[] bytes, string path)
    {
        File.WriteAllBytes(path, bytes);
        var task = Task.Run(() =>
        {
            try
            {
                using var model = OnnxModelLoader.Load(path);
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                model.Run(rand(1, 3, 9, 9));
                return "ok";
            }
            catch (ConvLensException)
            {
                return "error";
            }
        });
        Assert.True(task.Wait(Limit), $"loading a mutated model took longer than {Limit}");
        return task.Result;
    }

    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var b = valid.ToList();
        var edits = rng.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = rng.Next(b.Count);
            switch (rng.Next(5))
            {
                case 0: b[at] = (byte)rng.Next(256); break;
                case 1: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 2: b.RemoveRange(at, Math.Min(rng.Next(1, 16), b.Count - at)); break;
                case 3: b.Insert(at, (byte)rng.Next(256)); break;
                default: b.RemoveRange(at, b.Count - at); break;
            }

            if (b.Count == 0)
            {
                b.Add(0);
            }
        }

        return [.. b];
    }
}
