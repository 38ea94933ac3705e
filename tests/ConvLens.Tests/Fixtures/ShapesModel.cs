using System.Diagnostics;
using ConvLens.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Fixtures;

/// <summary>
/// A small CNN trained (seeded) on <see cref="ShapesDataset"/> once per test run, shared by the attribution tests:
/// conv(3→32) bn relu pool → conv(32→64) bn relu pool → conv(64→64) bn relu [16x16, the CAM layer
/// "relu3"] → global average pool → linear(64→4).
/// </summary>
public sealed class ShapesModel : IDisposable
{
    /// <summary>The committed weights (made by <see cref="TrainAndSave"/>); the fixture trains from scratch when absent.</summary>
    public static readonly string WeightsFile = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Weights", "shapes-cnn.dat");

    public ShapesModel()
    {
        var clock = Stopwatch.StartNew();
        var net = Build();
        if (File.Exists(WeightsFile))
        {
            net.load(WeightsFile);
            Log = "loaded " + WeightsFile;
        }
        else
        {
            Log = Train(net, samples: 4800, epochs: 1, onEpoch: null);
        }

        net.eval();
        Model = new ModuleModel("shapes-cnn", net, new Preprocessing { Height = 64, Width = 64, Mean = [0.5f, 0.5f, 0.5f], Std = [0.25f, 0.25f, 0.25f] })
        {
            Labels = ShapesDataset.Classes,
        };
        TrainingTime = clock.Elapsed;
        (HeldOutImages, HeldOutLabels, HeldOutSamples) = ShapesDataset.Generate(200, seed: 4242);
        HeldOutImages.DetachFromDisposeScope();
        HeldOutLabels.DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = Model.Run(HeldOutImages).Output!.argmax(1);
        Predictions = predicted.data<long>().ToArray();
        Accuracy = predicted.eq(HeldOutLabels).to(float32).mean().item<float>();
    }

    /// <summary>Trains the network with the fixed seeds and writes its weights (the generator of <see cref="WeightsFile"/>).</summary>
    public static string TrainAndSave(string path, int samples, int epochs, Action<string> onEpoch)
    {
        var net = Build();
        var log = Train(net, samples, epochs, onEpoch);
        net.eval();
        net.save(path);
        return log;
    }

    private static nn.Module<Tensor, Tensor> Build()
    {
        random.manual_seed(7);
        return nn.Sequential(
            ("conv1", nn.Conv2d(3, 32, 3, padding: 1)),
            ("bn1", nn.BatchNorm2d(32)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(32, 64, 3, padding: 1)),
            ("bn2", nn.BatchNorm2d(64)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("conv3", nn.Conv2d(64, 64, 3, padding: 1)),
            ("bn3", nn.BatchNorm2d(64)),
            ("relu3", nn.ReLU()),
            ("gap", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(64, 4)));
    }

    public ModuleModel Model { get; }

    public TimeSpan TrainingTime { get; }

    public string Log { get; }

    public Tensor HeldOutImages { get; }

    public Tensor HeldOutLabels { get; }

    public ShapeSample[] HeldOutSamples { get; }

    public long[] Predictions { get; }

    public float Accuracy { get; }

    public void Dispose()
    {
        Model.Dispose();
        HeldOutImages.Dispose();
        HeldOutLabels.Dispose();
    }

    private static string Train(nn.Module<Tensor, Tensor> net, int samples, int epochs, Action<string>? onEpoch)
    {
        const int batch = 32;
        var log = new System.Text.StringBuilder();
        var (testImages, testLabels, _) = ShapesDataset.Generate(200, seed: 777);
        using var scope = NewDisposeScope();
        var (images, labels, _) = ShapesDataset.Generate(samples, seed: 1234);
        var x = (images - 0.5f) / 0.25f;
        net.train();
        using var optimizer = optim.Adam(net.parameters(), lr: 5e-3);
        var generator = new Generator(99);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = randperm(samples, generator: generator);
            for (var start = 0; start + batch <= samples; start += batch)
            {
                using var step = NewDisposeScope();
                var idx = order.narrow(0, start, batch);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(net.call(x[idx]), labels[idx]);
                loss.backward();
                optimizer.step();
                if (start % (batch * 20) == 0)
                {
                    log.Append(System.Globalization.CultureInfo.InvariantCulture, $"{loss.item<float>():F3} ");
                }
            }

            if (onEpoch is not null)
            {
                using var check = NewDisposeScope();
                using var noGrad = no_grad();
                net.eval();
                var accuracy = net.call((testImages - 0.5f) / 0.25f).argmax(1).eq(testLabels).to(float32).mean().item<float>();
                net.train();
                onEpoch(FormattableString.Invariant($"epoch {epoch}: accuracy {accuracy:F3}; loss {log}"));
            }
        }

        net.eval();
        return log.ToString();
    }
}

[CollectionDefinition("Attribution")]
public sealed class AttributionTestGroup : ICollectionFixture<ShapesModel>;
