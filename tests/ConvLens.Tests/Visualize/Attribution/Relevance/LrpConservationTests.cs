using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Models.Onnx;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Relevance;
using ConvLens.Visualize.Attribution.Targets;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Relevance;

/// <summary>
/// Relevance is conserved: what the input and the biases receive sums to the explained score, through batch norms
/// (folded), residual additions, max and average pooling, on an imported ONNX ResNet and on a TorchSharp module.
/// </summary>
[Collection("Attribution")]
public class LrpConservationTests(ShapesModel shapes, ITestOutputHelper output)
{
    private static readonly string[] Photos = ["astronaut.png", "coffee.png"];

    public static TheoryData<string> Composites => [.. LrpComposite.All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Composites))]
    public void Should_conserve_relevance_within_one_percent_on_the_builtin_resnet(string composite)
    {
        using var model = ResNet18Featurizer.Load();
        using var scope = NewDisposeScope();
        var images = stack([.. Photos.Select(s => tensor(OrtReference.LoadRgb(Path.Combine(OrtReference.SamplesFolder(), s), 224)).view(3, 224, 224))]);
        var result = new Lrp(LrpComposite.All.Single(c => c.Id == composite)).Relevance(model, images, new ClassLogit(273));
        Report(result);

        // Every convolution with its batch norm folded in, and no dense layer: the featurizer ends at its pool.
        Assert.Equal(model.DescribeLayers(224, 224).Count(l => l.Kind == "Conv"), result.RuledLayers.Count);
        Assert.All(result.RuledLayers, l => Assert.Matches("^Convolution[0-9]+_Output_0[+]BatchNormalization[0-9]+_Output_0$", l));
        Assert.All(result.Conservation, c => Assert.InRange(c, 0.99, 1.01));
    }

    [Theory]
    [MemberData(nameof(Composites))]
    public void Should_conserve_relevance_within_one_percent_on_the_shapes_model(string composite)
    {
        using var scope = NewDisposeScope();
        var images = shapes.HeldOutImages[..8];
        var result = new Lrp(LrpComposite.All.Single(c => c.Id == composite)).Relevance(shapes.Model, images, new ClassLogit(1));
        Report(result);

        Assert.Equal(["conv1+bn1", "conv2+bn2", "conv3+bn3", "fc"], result.RuledLayers);
        Assert.All(result.Conservation, c => Assert.InRange(c, 0.99, 1.01));
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("vgg11")]
    public void Should_conserve_relevance_within_one_percent_on_torchvision_architectures(string architecture)
    {
        // TorchVision's blocks add the shortcut in place and apply in-place ReLUs to the rules' outputs.
        using var model = ModelCatalog.Load("torchvision:" + architecture);
        using var scope = NewDisposeScope();
        var images = rand(1, 3, 224, 224, generator: new TorchSharp.torch.Generator(2));
        foreach (var composite in LrpComposite.All)
        {
            var result = new Lrp(composite).Relevance(model, images, new ClassLogit(7));
            output.WriteLine($"{architecture} {composite.Id}: {result.RuledLayers.Count} layers, conservation {string.Join(", ", result.Conservation.Select(c => c.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}");
            Assert.All(result.Conservation, c => Assert.InRange(c, 0.99, 1.01));
        }
    }

    [Theory]
    [MemberData(nameof(Composites))]
    public void Should_point_inside_the_shape_on_held_out_images(string composite)
    {
        using var scope = NewDisposeScope();
        var method = AttributionMethods.Create("lrp-" + composite);
        var (hits, total) = (0, 0);
        for (var label = 0; label < ShapesDataset.Classes.Length; label++)
        {
            var idx = Enumerable.Range(0, 100).Where(i => shapes.HeldOutSamples[i].Label == label && shapes.Predictions[i] == label).ToArray();
            var result = method.Explain(shapes.Model, shapes.HeldOutImages[tensor(idx.Select(i => (long)i).ToArray())], new AttributionRequest { Targets = [new ClassLogit(label)], BatchSize = 32 });
            for (var k = 0; k < idx.Length; k++)
            {
                var (y, x) = result[k, 0].ArgMax();
                hits += shapes.HeldOutSamples[idx[k]].Contains(y, x, tolerance: 1) ? 1 : 0;
                total++;
            }
        }

        output.WriteLine($"lrp-{composite} pointing game: {(double)hits / total:P1} of {total}");
        // Measured (2026-12-03): 100 % for the three z+/γ composites, 94 % for LRP-ε, whose signed relevance is noisier;
        // the bar for the CAMs is 95 %.
        Assert.True(hits >= (composite == "epsilon" ? 0.9 : 0.95) * total, $"pointing game {(double)hits / total:P1}");
    }

    private void Report(LrpRelevance r)
    {
        for (var i = 0; i < r.Scores.Length; i++)
        {
            output.WriteLine($"score {r.Scores[i]:G6} input {r.InputSums[i]:G6} bias {r.BiasSums[i]:G6} conservation {r.Conservation[i]:G6}");
        }
    }
}
