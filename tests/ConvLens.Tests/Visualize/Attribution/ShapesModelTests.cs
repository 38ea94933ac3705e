using ConvLens.Tests.Fixtures;
using Xunit.Abstractions;

using ConvLens.Tests.Support;

namespace ConvLens.Tests.Visualize.Attribution;

[Collection("Attribution")]
public class ShapesModelTests(ShapesModel shapes, ITestOutputHelper output)
{
    [Fact]
    public void Should_classify_held_out_shapes_with_at_least_90_percent_accuracy()
    {
        output.WriteLine($"trained in {shapes.TrainingTime.TotalSeconds:F1} s; held-out accuracy {shapes.Accuracy:P1}; loss {shapes.Log}");

        Assert.True(shapes.Accuracy >= 0.9f, $"accuracy {shapes.Accuracy:P1}");
    }
}

public class ShapesModelGenerator(ITestOutputHelper output)
{
    /// <summary>Regenerates Fixtures/Weights/shapes-cnn.dat: set CONVLENS_TRAIN_SHAPES to the output path and run this test.</summary>
    [OptInFact("CONVLENS_TRAIN_SHAPES", "regenerates Fixtures/Weights/shapes-cnn.dat")]
    public void Generate_shapes_weights_When_requested()
    {
        var path = Environment.GetEnvironmentVariable("CONVLENS_TRAIN_SHAPES")!;

        var samples = int.Parse(Environment.GetEnvironmentVariable("CONVLENS_TRAIN_SAMPLES") ?? "8000", System.Globalization.CultureInfo.InvariantCulture);
        var epochs = int.Parse(Environment.GetEnvironmentVariable("CONVLENS_TRAIN_EPOCHS") ?? "6", System.Globalization.CultureInfo.InvariantCulture);
        ShapesModel.TrainAndSave(path, samples, epochs, line =>
        {
            output.WriteLine(line);
            File.AppendAllText(path + ".log", line + Environment.NewLine);
        });
    }
}
