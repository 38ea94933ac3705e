using System.Reflection;
using ConvLens.Visualize.Attribution;

namespace ConvLens.Tests.Visualize.Attribution;

public class AttributionMethodsTests
{
    [Fact]
    public void Should_register_every_concrete_method_type_once()
    {
        var types = typeof(IAttributionMethod).Assembly.GetTypes()
            .Where(t => typeof(IAttributionMethod).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToHashSet();

        var registered = AttributionMethods.CreateAll();

        Assert.Equal(types.OrderBy(t => t.FullName), registered.Select(m => m.GetType()).Distinct().OrderBy(t => t.FullName));
        Assert.Equal(registered.Count, registered.Select(m => m.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("grad-cam", "grad-cam")]
    [InlineData("gradcam", "grad-cam")]
    [InlineData("GradCam++", "grad-cam++")]
    [InlineData("scorecam", "score-cam")]
    [InlineData("hires-cam-eigen-smooth", "hires-cam-eigen-smooth")]
    [InlineData("occlusion-aug-smooth", "occlusion-aug-smooth")]
    [InlineData("layercam-aug-smooth", "layer-cam-aug-smooth")]
    public void Should_find_methods_by_id_with_optional_hyphens(string id, string expected)
    {
        Assert.Equal(expected, AttributionMethods.Create(id).Id);
    }

    [Fact]
    public void Should_list_choices_When_the_method_is_unknown()
    {
        var error = Assert.Throws<ConvLensException>(() => AttributionMethods.Create("magic-cam"));

        Assert.Contains("magic-cam", error.Message, StringComparison.Ordinal);
        Assert.Contains("grad-cam++", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_eigen_smoothing_When_the_method_is_no_cam()
    {
        var error = Assert.Throws<ConvLensException>(() => AttributionMethods.Create("occlusion-eigen-smooth"));

        Assert.Contains("CAM methods", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_use_kebab_case_ids()
    {
        Assert.All(AttributionMethods.Ids, id => Assert.Matches("^[a-z0-9]+(-[a-z0-9+]+)*\\+*$", id));
    }
}
