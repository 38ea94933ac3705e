using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

public class TokenLayoutTests
{
    [Theory]
    [InlineData(new long[] { 1, 197, 768 }, 224, 224, "Tokens", 14, 14, 1)]
    [InlineData(new long[] { 1, 196, 768 }, 224, 224, "Tokens", 14, 14, 0)]
    [InlineData(new long[] { 1, 198, 384 }, 224, 224, "Tokens", 14, 14, 2)]
    [InlineData(new long[] { 1, 141, 64 }, 224, 160, "Tokens", 14, 10, 1)]
    [InlineData(new long[] { 1, 7, 7, 768 }, 224, 224, "Nhwc", 7, 7, 0)]
    [InlineData(new long[] { 1, 56, 56, 96 }, 224, 224, "Nhwc", 56, 56, 0)]
    [InlineData(new long[] { 1, 512, 7, 7 }, 224, 224, "Nchw", 7, 7, 0)]
    [InlineData(new long[] { 1, 8, 8, 8 }, 64, 64, "Nchw", 8, 8, 0)]
    public void Should_infer_the_grid_from_the_shape_and_the_input_size(long[] shape, int height, int width, string kind, int rows, int columns, int skip)
    {
        var layout = TokenLayout.Auto.Resolve(shape, height, width, "l");

        Assert.Equal(new TokenLayout(Enum.Parse<LayerLayoutKind>(kind), rows, columns, skip), layout);
    }

    [Fact]
    public void Should_lay_class_token_models_on_their_grid_row_by_row()
    {
        using var scope = NewDisposeScope();
        // Token 1 + r*3 + c holds channel values 100*r + 10*c + ch; token 0 (the class token) holds -1.
        var data = new float[1 * 7 * 2];
        for (var t = 0; t < 7; t++)
        {
            for (var ch = 0; ch < 2; ch++)
            {
                data[(t * 2) + ch] = t == 0 ? -1 : (100 * ((t - 1) / 3)) + (10 * ((t - 1) % 3)) + ch;
            }
        }

        var layout = TokenLayout.Auto.Resolve([1, 7, 2], 20, 30, "l")!;
        var grid = layout.ToGrid(tensor(data).view(1, 7, 2));

        Assert.Equal(new long[] { 1, 2, 2, 3 }, grid.shape);
        Assert.Equal(121f, grid[0, 1, 1, 2].item<float>());
        Assert.Equal(20f, grid[0, 0, 0, 2].item<float>());
        Assert.True(grid.ge(0).all().item<bool>());
    }

    [Theory]
    [InlineData("14x14:skip=1", 14, 14, 1)]
    [InlineData("7x10", 7, 10, null)]
    public void Should_parse_an_explicit_token_grid(string text, int rows, int columns, int? skip)
    {
        Assert.Equal(new TokenLayout(LayerLayoutKind.Tokens, rows, columns, skip), TokenLayout.Parse(text));
    }

    [Fact]
    public void Should_infer_the_skip_of_an_explicit_grid_and_use_an_explicit_layout()
    {
        Assert.Equal(1, TokenLayout.Parse("14x14").Resolve([1, 197, 8], 224, 224, "l")!.Skip);
        Assert.Equal(LayerLayoutKind.Nhwc, TokenLayout.Parse("nhwc").Resolve([1, 8, 8, 8], 64, 64, "l")!.Kind);
    }

    [Theory]
    [InlineData("14x")]
    [InlineData("14x14:skip=-1")]
    [InlineData("0x3")]
    [InlineData("nwhc")]
    public void Should_reject_bad_layout_text_and_say_what_is_accepted(string text)
    {
        var error = Assert.Throws<ConvLensException>(() => TokenLayout.Parse(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.Contains("HxW[:skip=K]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_shape_and_what_is_accepted_When_the_tokens_fit_no_grid()
    {
        var error = Assert.Throws<ConvLensException>(() => TokenLayout.Auto.Resolve([1, 53, 8], 64, 64, "blocks.3"));

        Assert.Contains("'blocks.3' outputs [1,53,8] on a 64x64 input", error.Message, StringComparison.Ordinal);
        Assert.Contains("53 tokens fit no grid", error.Message, StringComparison.Ordinal);
        Assert.Contains("[N,K+H*W,C]", error.Message, StringComparison.Ordinal);
        Assert.Contains("197 = 1 + 14x14", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_an_explicit_grid_that_does_not_add_up()
    {
        var error = Assert.Throws<ConvLensException>(() => TokenLayout.Parse("14x14:skip=1").Resolve([1, 196, 8], 224, 224, "l"));

        Assert.Contains("196 tokens are not 1 + 14x14", error.Message, StringComparison.Ordinal);
    }
}
