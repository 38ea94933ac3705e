using ConvLens.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Fixtures;

/// <summary>Small networks with fixed weights for exact-value tests.</summary>
internal static class TinyModels
{
    /// <summary>conv(3->4, 3x3) -> relu -> conv(4->8, 3x3, stride 2) -> relu -> global avg pool -> flatten -> linear(8->3).</summary>
    public static ModuleModel SmallConvNet(long seed = 1)
    {
        random.manual_seed(seed);
        var net = nn.Sequential(
            ("conv1", nn.Conv2d(3, 4, 3, padding: 1)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(4, 8, 3, stride: 2, padding: 1)),
            ("relu2", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(8, 3)));
        return new ModuleModel("small-convnet", net, new Preprocessing { Height = 16, Width = 16 });
    }
}

/// <summary>Nets with planted properties for statistics tests.</summary>
internal static class PlantedModels
{
    /// <summary>conv(3->6, 3x3) -> relu; the given channels get bias -1000, so they never fire on 0..1 images.</summary>
    public static ModuleModel DeadChannels(int[] dead, long seed = 3)
    {
        random.manual_seed(seed);
        var conv = nn.Conv2d(3, 6, 3, padding: 1);
        using (no_grad())
        {
            conv.bias!.fill_(0.05f);
            foreach (var c in dead)
            {
                conv.bias[c] = -1000f;
            }
        }

        var net = nn.Sequential(("conv", conv), ("relu", nn.ReLU()));
        return new ModuleModel("dead-channels", net, new Preprocessing { Height = 12, Width = 12 });
    }
}
