using ConvLens.Imaging;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Filters;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Filters;

public class FilterWeightsTests
{
    [Fact]
    public void Should_return_the_convolution_weights_and_norms()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var weight = ((TorchSharp.Modules.Conv2d)model.Module.named_modules().Single(m => m.name == "conv2").module).weight!;

        var r = FilterWeights.Compute(model, "conv2", count: 5);

        Assert.Equal((8, 4, 3, 3), (r.OutChannels, r.InChannels, r.KernelHeight, r.KernelWidth));
        Assert.Equal(5, r.Filters.Count);
        Assert.Equal(weight[3].flatten().data<float>().ToArray(), r.Filters[3].Weights);
        Assert.Equal(weight[3].norm().item<float>(), r.Filters[3].Norm, 1e-5);
        Assert.Equal(weight.abs().max().item<float>(), r.MaxAbs);
        Assert.False(r.IsRgb);
    }

    [Fact]
    public void Should_render_rgb_tiles_symmetric_around_zero_with_crisp_pixels()
    {
        using var model = FirstLayerModel();

        var r = FilterWeights.Compute(model, "conv");
        var tile = FilterRenderer.RgbTile(r, r.Filters[0], scale: 4);

        Assert.Equal((8, 8), (tile.Width, tile.Height));
        Assert.Equal(((byte)255, (byte)128, (byte)0), tile.GetPixel(0, 0));
        Assert.Equal(tile.GetPixel(0, 0), tile.GetPixel(3, 3));
        Assert.Equal(((byte)128, (byte)128, (byte)128), tile.GetPixel(4, 0));
    }

    [Fact]
    public void Should_show_kernels_of_a_bgr_model_in_rgb_order()
    {
        using var model = FirstLayerModel(ConvLens.Models.ChannelOrder.Bgr);

        var r = FilterWeights.Compute(model, "conv");
        var tile = FilterRenderer.RgbTile(r, r.Filters[0], scale: 1);

        Assert.Equal(((byte)0, (byte)128, (byte)255), tile.GetPixel(0, 0));
    }

    [Fact]
    public void Should_render_gray_strips_and_norm_heat_strips_of_deeper_layers()
    {
        using var model = TinyModels.SmallConvNet();
        var r = FilterWeights.Compute(model, "conv2");

        var strip = FilterRenderer.GrayStrip(r, r.Filters[0], scale: 2);
        var heat = FilterRenderer.NormHeatStrip(r, Colormaps.Viridis, cell: 3);

        Assert.Equal(((4 * 7) - 1, 6), (strip.Width, strip.Height));
        Assert.Equal((4 * 3, 8 * 3), (heat.Width, heat.Height));
    }

    [Fact]
    public void Should_say_so_When_layer_is_not_a_convolution()
    {
        using var model = TinyModels.SmallConvNet();

        var error = Assert.Throws<ConvLensException>(() => FilterWeights.Compute(model, "relu1"));

        Assert.Contains("not a convolution", error.Message, StringComparison.Ordinal);
    }

    private static ConvLens.Models.ModuleModel FirstLayerModel(ConvLens.Models.ChannelOrder order = ConvLens.Models.ChannelOrder.Rgb)
    {
        var conv = nn.Conv2d(3, 1, 2, bias: false);
        using (no_grad())
        {
            conv.weight!.zero_();
            conv.weight[0, 0, 0, 0] = 2f;   // red +max
            conv.weight[0, 2, 0, 0] = -2f;  // blue -max; green stays 0
        }

        return new ConvLens.Models.ModuleModel("first", nn.Sequential(("conv", conv)), new ConvLens.Models.Preprocessing { Height = 8, Width = 8, Order = order });
    }
}
