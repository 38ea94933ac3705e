using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Targets;

public class TargetSpecTests
{
    // Detection and mask forms need a detector or segmenter; DetectionTargetTests parses them on one.
    public static TheoryData<string> DocumentedForms =>
        [.. TargetSpec.Forms.Select(f => f.Syntax).Where(s => !s.StartsWith("detection:", StringComparison.Ordinal) && !s.StartsWith("box:", StringComparison.Ordinal) && !s.StartsWith("mask:", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(DocumentedForms))]
    public void Should_parse_every_documented_form(string syntax)
    {
        using var model = TinyModels.SmallConvNet();
        model.Labels = ["cat", "dog", "fox"];
        using var scope = NewDisposeScope();
        var spec = syntax.Replace("LAYER", "conv2", StringComparison.Ordinal).Replace(":C", ":5", StringComparison.Ordinal)
            .Replace("K", "2", StringComparison.Ordinal).Replace("IMAGE", "ref.png", StringComparison.Ordinal).Replace("LABEL", "dog", StringComparison.Ordinal);

        var target = TargetSpec.Parse(spec, model, _ => rand(1, 3, 16, 16));

        Assert.False(string.IsNullOrEmpty(target.Description));
    }

    [Theory]
    [InlineData("auto", "top class")]
    [InlineData("2", "class 2")]
    [InlineData("fox", "class 2")]
    [InlineData("channel:conv2:5", "channel conv2:5")]
    public void Should_build_the_target_the_text_names(string spec, string description)
    {
        using var model = TinyModels.SmallConvNet();
        model.Labels = ["cat", "dog", "fox"];

        var target = TargetSpec.Parse(spec, model, _ => throw new InvalidOperationException("no image expected"));

        Assert.Equal(description, target.Description);
    }

    [Theory]
    [InlineData("cat", true)]
    [InlineData("auto", false)]
    [InlineData("12", false)]
    [InlineData("channel:stage3:1", false)]
    [InlineData("similar:a.png", false)]
    public void Should_tell_class_names_from_the_other_forms(string spec, bool namesClass)
    {
        Assert.Equal(namesClass, TargetSpec.NamesClass(spec));
    }

    [Fact]
    public void Should_list_the_forms_and_say_the_model_has_no_labels_When_a_name_matches_nothing()
    {
        using var model = TinyModels.SmallConvNet();

        var error = Assert.Throws<ConvLensException>(() => TargetSpec.Parse("cat", model, _ => throw new InvalidOperationException()));

        Assert.Contains("unknown target 'cat'", error.Message, StringComparison.Ordinal);
        Assert.All(TargetSpec.Forms, f => Assert.Contains(f.Syntax, error.Message, StringComparison.Ordinal));
        Assert.Contains("no class labels", error.Message, StringComparison.Ordinal);
    }
}
