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
        random.manual_seed(seed);
        var net = nn.Sequential(
            ("conv1", nn.Conv2d(3, 16, 5, padding: 2)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(16, 16, 3, stride: 2, padding: 1)),
            ("relu2", nn.ReLU()),
            ("conv3", nn.Conv2d(16, 16, 3, padding: 1)),
            ("relu3", nn.ReLU()));
        return new ModuleModel("three-conv", net, new Preprocessing { Height = 64, Width = 64, Mean = [0.5f, 0.5f, 0.5f], Std = [0.25f, 0.25f, 0.25f] });
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
