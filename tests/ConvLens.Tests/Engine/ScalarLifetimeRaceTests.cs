using System.Runtime.InteropServices;
using ConvLens.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Engine;

/// <summary>
/// The race of docs/engine.md ("Object lifetimes") itself: while another thread allocates, TorchSharp's implicit
/// Scalars (ours, such as <c>x + 1e-5f</c>, and its own, such as the alpha of <c>x + y</c>) must live until libtorch has
/// read them. Before the weave, 20,000 such operations gave 3-52 wrong values or "Expected false to be true" errors.
/// </summary>
[Collection("Sequential")]
public class ScalarLifetimeRaceTests
{
    private const int Rounds = 10_000;

    [Fact]
    public void Should_give_exact_values_in_40000_operations_When_another_thread_allocates_throughout()
    {
        using var scope = NewDisposeScope();
        var x = ones(64, 32, 32);
        var y = full(64, 32, 32, 2f);
        // Expected values computed once, by the same float arithmetic libtorch does.
        var plusEps = full(64, 32, 32, 1f + 1e-5f);
        var three = full(64, 32, 32, 3f);
        var affine = full(64, 32, 32, (2f * 3f) - 0.5f);
        var clamped = full(64, 32, 32, 0.75f);
        var operations = new (string Name, Func<Tensor> Run, Tensor Expected)[]
        {
            ("x + 1e-5f (an implicit Scalar of ours)", () => x + 1e-5f, plusEps),
            ("x + y (TorchSharp's implicit alpha = 1)", () => x + y, three),
            ("y * 3f - 0.5f (two implicit Scalars)", () => (y * 3f) - 0.5f, affine),
            ("x.clamp(0.5f, 0.75f) + (x - 1f) (Scalar arguments)", () => x.clamp(0.5f, 0.75f) + (x - 1f), clamped),
        };
        var failures = new Dictionary<string, int>();
        string? firstError = null;
        long collections;

        using (var pressure = AllocationPressure.Continuous())
        {
            var gcBefore = GC.CollectionCount(0);
            for (var round = 0; round < Rounds; round++)
            {
                using var step = NewDisposeScope();
                foreach (var (name, run, expected) in operations)
                {
                    try
                    {
                        if (!run().equal(expected).all().item<bool>())
                        {
                            failures[name] = failures.GetValueOrDefault(name) + 1;
                        }
                    }
                    catch (Exception e) when (e is ExternalException or InvalidOperationException)
                    {
                        failures[name] = failures.GetValueOrDefault(name) + 1;
                        firstError ??= e.Message.Split('\n')[0];
                    }
                }
            }

            collections = GC.CollectionCount(0) - gcBefore;
        }

        // The test means something only if collections really happened during the native calls.
        Assert.True(collections > 100, $"only {collections} collections ran during {Rounds * operations.Length} operations");
        Assert.True(failures.Count == 0,
            $"{failures.Values.Sum()} of {Rounds * operations.Length} operations gave a wrong value or an error ({string.Join(", ", failures.Select(f => $"{f.Key}: {f.Value}"))}); first error: {firstError}");
    }
}
