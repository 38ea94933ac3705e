using ConvLens.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Fixtures;

/// <summary>Small seeded networks for the optimisation tests (fast on 2 cores).</summary>
internal static class MaximizeModels
{
    /// <summary>conv(3->16, 5x5) -> relu -> conv(16->16, 3x3, stride 2) -> relu -> conv(16->16, 3x3) -> relu: spatial features at 1/2 resolution.</summary>
    public static ModuleModel ThreeConvNet(long seed = 7)
    {
        var net = nn.Sequential(
            ("conv1", nn.Conv2d(3, 16, 5, padding: 2)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(16, 16, 3, stride: 2, padding: 1)),
            ("relu2", nn.ReLU()),
            ("conv3", nn.Conv2d(16, 16, 3, padding: 1)),
            ("relu3", nn.ReLU()));
        InitialiseWeights(net, seed);
        return new ModuleModel("three-conv", net, new Preprocessing { Height = 64, Width = 64, Mean = [0.5f, 0.5f, 0.5f], Std = [0.25f, 0.25f, 0.25f] });
    }

    /// <summary>The path of a file in the repository's samples/ folder.</summary>
    public static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// He-normal weights and zero biases from a private generator: the global RNG is shared with tests running in
    /// parallel, so seeding it would not make the weights reproducible.
    /// </summary>
    private static void InitialiseWeights(nn.Module net, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in net.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                p.zero_();
            }
            else
            {
                var fanIn = p.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
                p.copy_(randn(p.shape, generator: generator) * Math.Sqrt(2.0 / fanIn));
            }
        }
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
