using ConvLens.Tests.Fixtures;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution;

public class ExperimentTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("avg-bn", 1e-2)]
    [InlineData("max-bn", 1e-2)]
    [InlineData("avg-nobn", 2e-3)]
    [InlineData("avg-bn-wide", 5e-3)]
    public void Experiment(string config, double lr)
    {
        if (Environment.GetEnvironmentVariable("CONVLENS_EXPERIMENT") is null) return;
        using var scope = NewDisposeScope();
        random.manual_seed(7);
        var bn = !config.Contains("nobn", StringComparison.Ordinal);
        var c1 = config.Contains("wide", StringComparison.Ordinal) ? 32 : 16;
        var c2 = config.Contains("wide", StringComparison.Ordinal) ? 64 : 32;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("c1", nn.Conv2d(3, c1, 3, padding: 1)) };
        if (bn) layers.Add(("b1", nn.BatchNorm2d(c1)));
        layers.AddRange([("r1", nn.ReLU()), ("p1", nn.MaxPool2d(2)), ("c2", nn.Conv2d(c1, c2, 3, padding: 1))]);
        if (bn) layers.Add(("b2", nn.BatchNorm2d(c2)));
        layers.AddRange([("r2", nn.ReLU()), ("p2", nn.MaxPool2d(2)), ("c3", nn.Conv2d(c2, c2, 3, padding: 1))]);
        if (bn) layers.Add(("b3", nn.BatchNorm2d(c2)));
        layers.Add(("r3", nn.ReLU()));
        layers.Add(("g", config.StartsWith("max", StringComparison.Ordinal) ? nn.AdaptiveMaxPool2d([1L, 1L]) : nn.AdaptiveAvgPool2d(1)));
        layers.AddRange([("f", nn.Flatten()), ("fc", nn.Linear(c2, 4))]);
        var net = nn.Sequential(layers);
        var (images, labels, _) = ShapesDataset.Generate(4800, 1234);
        var x = (images - 0.5f) / 0.25f;
        using var opt = optim.Adam(net.parameters(), lr: lr);
        var gen = new Generator(9);
        var order = randperm(4800, generator: gen);
        var losses = new List<float>();
        var accs = new List<float>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var s = 0; s < 150; s++)
        {
            using var st = NewDisposeScope();
            var idx = order.narrow(0, s * 32, 32);
            opt.zero_grad();
            var logits = net.call(x[idx]);
            var loss = nn.functional.cross_entropy(logits, labels[idx]);
            loss.backward();
            opt.step();
            losses.Add(loss.item<float>());
            accs.Add(logits.argmax(1).eq(labels[idx]).to(float32).mean().item<float>());
        }
        output.WriteLine($"{config} lr {lr}: loss first30 {losses.Take(30).Average():F3} last30 {losses.TakeLast(30).Average():F3} acc last30 {accs.TakeLast(30).Average():F3} in {clock.Elapsed.TotalSeconds:F0}s");
        File.AppendAllText("/tmp/experiment.log", $"{config} lr {lr}: loss first30 {losses.Take(30).Average():F3} last30 {losses.TakeLast(30).Average():F3} acc last30 {accs.TakeLast(30).Average():F3} in {clock.Elapsed.TotalSeconds:F0}s\n");
    }
}
