using ConvLens.Visualize.Primer;

namespace ConvLens.Tests.Visualize.Primer;

public class PrimerDemoTests
{
    [Fact]
    public void Should_compute_a_map_per_kernel_and_the_worked_example()
    {
        var result = PrimerDemo.Run(new FilterDreamOptions { Steps = 20 });

        Assert.Equal((28, 28), (result.Image.GetLength(0), result.Image.GetLength(1)));
        Assert.Equal(PrimerKernels.All.Select(k => k.Name), result.FeatureMaps.Select(m => m.Kernel.Name));
        Assert.All(result.FeatureMaps, m => Assert.Equal((26, 26), (m.Map.GetLength(0), m.Map.GetLength(1))));
        Assert.Equal((4, 4), (result.Example.FeatureMap.GetLength(0), result.Example.FeatureMap.GetLength(1)));
        Assert.Equal(21, result.Dream.Responses.Count);
    }

    [Fact]
    public void Should_draw_an_image_with_ink_and_background_in_0_to_1()
    {
        var image = PrimerDemo.Run(new FilterDreamOptions { Steps = 1 }).Image.Cast<float>().ToArray();

        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(1f, image);
        Assert.True(image.Count(v => v == 0f) > image.Length / 2, "most of the image should be background");
    }

    [Fact]
    public void Should_find_vertical_edges_where_the_stem_of_the_four_is()
    {
        var result = PrimerDemo.Run(new FilterDreamOptions { Steps = 1 });
        var vertical = result.FeatureMaps.Single(m => m.Kernel == PrimerKernels.VerticalEdge).Map;

        // The stem runs down column ~18; its left border gives a strong negative (dark-to-bright) response
        // at map column 15-16 and the right border a strong positive one at 18-19, at rows below the bar.
        var row = 20;
        var strongest = Enumerable.Range(0, 26).OrderByDescending(c => Math.Abs(vertical[row, c])).First();
        Assert.InRange(strongest, 14, 20);
    }
}
