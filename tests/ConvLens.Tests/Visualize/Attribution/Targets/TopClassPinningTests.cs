using ConvLens.Models;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Targets;

/// <summary>
/// "top class" means the explained image's top class on every copy a method or metric scores: masking, occluding,
/// adding noise or augmenting must not let a copy be scored on a class of its own.
/// </summary>
public class TopClassPinningTests
{
    public static TheoryData<string> Ids() => [.. AttributionMethods.Ids];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Should_explain_the_images_own_top_class_on_every_copy(string id)
    {
        using var model = RedOrGreen();
        using var scope = NewDisposeScope();
        var image = Picture();
        AttributionResult Explain(ITarget target) =>
            AttributionMethods.Create(id).Explain(model, image, new AttributionRequest { Layer = "relu", Targets = [target], Seed = 3 });

        var top = Explain(new TopClass())[0, 0];
        var fixedClass = Explain(new ClassLogit(0))[0, 0];

        Assert.Equal(fixedClass.Score, top.Score);
        Assert.Equal(fixedClass.Raw, top.Raw);
        Assert.Equal("top class", top.Target);
    }

    [Fact]
    public void Should_flip_to_the_other_class_When_the_red_half_is_hidden()
    {
        // The premise of the test above: hiding the red half makes green the top class.
        using var model = RedOrGreen();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var hidden = Picture().clone();
        hidden[.., 0, .., ..8] = 0;

        Assert.Equal(0L, model.Run(Picture()).Output!.argmax(1).item<long>());
        Assert.Equal(1L, model.Run(hidden).Output!.argmax(1).item<long>());
    }

    /// <summary>logits = [mean red, mean green] through conv 1x1 → relu → mean → identity linear.</summary>
    private static ModuleModel RedOrGreen()
    {
        var conv = nn.Conv2d(3, 2, 1, bias: false);
        var fc = nn.Linear(2, 2, hasBias: false);
        using (no_grad())
        {
            conv.weight.copy_(tensor(new float[] { 1, 0, 0, 0, 1, 0 }).view(2, 3, 1, 1));
            fc.weight.copy_(eye(2));
        }

        var net = nn.Sequential(("conv", conv), ("relu", nn.ReLU()), ("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", fc));
        return new ModuleModel("red-or-green", net, new Preprocessing { Height = 16, Width = 16 });
    }

    /// <summary>Red 1 on the left half (mean 0.5), green 0.3 everywhere: class 0 on top, until the red half is hidden.</summary>
    private static Tensor Picture()
    {
        var x = zeros(1, 3, 16, 16);
        x[.., 0, .., ..8] = 1;
        x[.., 1] = 0.3f;
        return x;
    }
}
