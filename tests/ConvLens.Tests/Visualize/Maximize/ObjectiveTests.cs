using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Maximize;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Maximize;

public class ObjectiveTests
{
    [Fact]
    public void Should_give_the_sum_of_the_parts_gradients_When_objectives_are_combined()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var scope = NewDisposeScope();
        var a = Objectives.Channel("conv2", 3);
        var b = Objectives.Layer("relu1");
        var combined = a + (2 * b);

        var gradA = InputGradient(model, a);
        var gradB = InputGradient(model, b);
        var gradCombined = InputGradient(model, combined);

        Assert.True(gradA.abs().sum().item<float>() > 0);
        Assert.True(allclose(gradCombined, gradA + (2 * gradB), rtol: 1e-5, atol: 1e-7));
        Assert.Equal("channel conv2:3 + 2 * layer relu1", combined.Description);
        Assert.Equal(["conv2", "relu1"], combined.Layers);
    }

    [Fact]
    public void Should_evaluate_one_channel_per_image_When_channels_are_batched()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var scope = NewDisposeScope();
        var images = rand(3, 3, 32, 32, generator: new Generator(1));
        var run = model.Run(images, ["conv3"]);
        var context = new ObjectiveContext(run, images, images);

        var batched = Objectives.Channels("conv3", [5, 0, 9]).Evaluate(context);
        var perImage = Objectives.PerImage([Objectives.Channel("conv3", 5), Objectives.Channel("conv3", 0), Objectives.Channel("conv3", 9)]).Evaluate(context);
        var expected = stack([run["conv3"][0, 5].mean(), run["conv3"][1, 0].mean(), run["conv3"][2, 9].mean()]);

        Assert.True(allclose(batched, expected, rtol: 1e-5, atol: 1e-6));
        Assert.True(allclose(perImage, expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_score_similar_images_lower_When_measuring_diversity()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var scope = NewDisposeScope();
        var one = rand(1, 3, 32, 32, generator: new Generator(2));
        var same = cat([one, one], 0);
        var different = cat([one, rand(1, 3, 32, 32, generator: new Generator(3)).pow(4)], 0);
        var diversity = Objectives.Diversity("relu2");

        var sameValue = diversity.Evaluate(new ObjectiveContext(model.Run(same, ["relu2"]), same, same)).sum().item<float>();
        var differentValue = diversity.Evaluate(new ObjectiveContext(model.Run(different, ["relu2"]), different, different)).sum().item<float>();

        Assert.Equal(-1f, sameValue, 4); // two identical Gram matrices: cosine 1, times 2 pairs, over N = 2
        Assert.True(differentValue > sameValue);
    }

    [Fact]
    public void Should_match_hand_computed_values_for_class_direction_and_penalties()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var images = rand(2, 3, 16, 16, generator: new Generator(8));
        var run = model.Run(images, ["conv2"]);
        var context = new ObjectiveContext(run, images, images);
        var grey = full(1, 3, 8, 8, 0.5f);
        var greyContext = new ObjectiveContext(model.Run(grey, ["conv2"]), grey, grey);
        var oneHot = new float[8];
        oneHot[3] = 2f;

        var logit = Objectives.ClassLogit(1).Evaluate(context);
        var direction = Objectives.Direction("conv2", oneHot).Evaluate(context);

        Assert.True(allclose(logit, run.Output![.., 1]));
        Assert.True(allclose(direction, 2 * run["conv2"][.., 3].mean([1, 2]), rtol: 1e-5, atol: 1e-6));
        foreach (var penalty in new[] { Objectives.L1(), Objectives.L2(), Objectives.TotalVariation(), Objectives.Blur() })
        {
            Assert.Equal(0f, penalty.Evaluate(greyContext).item<float>(), 6);
            Assert.True(penalty.Evaluate(context).min().item<float>() > 0, penalty.Description);
        }
    }

    [Theory]
    [InlineData("channel:stage3:12", "channel stage3:12")]
    [InlineData("stage3:12", "channel stage3:12")]
    [InlineData("neuron:layer4.1:7", "neuron layer4.1:7@centre")]
    [InlineData("neuron:conv1:7:3:4", "neuron conv1:7@3,4")]
    [InlineData("layer:stage2", "layer stage2")]
    [InlineData("class:281", "class 281")]
    [InlineData("channel:stage3:1 - 0.05*tv", "channel stage3:1 - 0.05 * tv")]
    [InlineData("stage3:1 + 0.5*diversity:stage3 - l1", "(channel stage3:1 + 0.5 * diversity stage3) - l1(0.5)")]
    public void Should_parse_the_command_line_syntax(string text, string description)
    {
        var objective = Objective.Parse(text);

        Assert.Equal(description, objective.Description);
    }

    [Theory]
    [InlineData("channel:stage3")]
    [InlineData("neuron:stage3:x")]
    [InlineData("frobnicate")]
    [InlineData("2x*tv")]
    public void Should_explain_the_syntax_When_an_objective_cannot_be_parsed(string text)
    {
        var error = Assert.Throws<ConvLensException>(() => Objective.Parse(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.Contains("channel:LAYER:C", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> DocumentedTermForms => [.. Objective.TermForms.Select(f => f.Syntax)];

    [Theory]
    [MemberData(nameof(DocumentedTermForms))]
    public void Should_parse_every_documented_term_form(string syntax)
    {
        var text = syntax.Replace("[:X:Y]", ":1:2", StringComparison.Ordinal).Replace("LAYER", "stage3", StringComparison.Ordinal)
            .Replace(":C", ":4", StringComparison.Ordinal).Replace(":K", ":281", StringComparison.Ordinal);

        var objective = Objective.Parse($"{text} - 0.5*tv");

        Assert.EndsWith("- 0.5 * tv", objective.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_every_term_form_When_an_objective_cannot_be_parsed()
    {
        var error = Assert.Throws<ConvLensException>(() => Objective.Parse("frobnicate"));

        Assert.All(Objective.TermForms, f => Assert.Contains(f.Syntax, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_name_the_layer_When_a_channel_is_out_of_range()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var scope = NewDisposeScope();
        var images = rand(1, 3, 16, 16);
        var context = new ObjectiveContext(model.Run(images, ["conv3"]), images, images);

        var error = Assert.Throws<ConvLensException>(() => Objectives.Channel("conv3", 16).Evaluate(context));

        Assert.Contains("conv3", error.Message, StringComparison.Ordinal);
        Assert.Contains("16 channels", error.Message, StringComparison.Ordinal);
    }

    private static Tensor InputGradient(LoadedModel model, Objective objective)
    {
        var images = rand(2, 3, 32, 32, generator: new Generator(5)).requires_grad_(true);
        var run = model.Run(images, [.. objective.Layers]);
        var value = objective.Evaluate(new ObjectiveContext(run, images, images)).sum();
        return autograd.grad([value], [images])[0];
    }
}
