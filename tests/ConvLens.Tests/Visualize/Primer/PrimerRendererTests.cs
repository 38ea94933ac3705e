using ConvLens.Imaging;
using ConvLens.Visualize.Primer;
using ImageMagick;

namespace ConvLens.Tests.Visualize.Primer;

public class PrimerRendererTests
{
    private static readonly PrimerResult Result = PrimerDemo.Run(new FilterDreamOptions { Steps = 30, FrameInterval = 10 });

    [Fact]
    public void Should_render_the_input_and_one_tile_per_kernel_in_three_columns()
    {
        var grid = PrimerRenderer.RenderFeatureMaps(Result, tileSize: 100);

        // 9 tiles (input + 8 kernels) -> 3 x 3 cells of 100 px with 8 px padding.
        Assert.Equal((3 * 100) + (4 * 8), grid.Width);
        Assert.True(grid.Height > (3 * 100) + (4 * 8), "title and caption bands add height");
        // The centre of the last row's middle cell (a viridis feature map) is coloured, not background white,
        // and its caption band below holds dark text pixels.
        var cellTop = grid.Height - Padding - GridCaptionBand - 100;
        Assert.NotEqual((255, 255, 255), grid.GetPixel(8 + 100 + 8 + 50, cellTop + 50));
        var darkInCaption = Enumerable.Range(116, 100)
            .SelectMany(x => Enumerable.Range(cellTop + 100, GridCaptionBand).Select(y => grid.GetPixel(x, y)))
            .Count(p => p.R + p.G + p.B < 300);
        Assert.True(darkInCaption > 20, $"caption should draw text, found {darkInCaption} dark pixels");
    }

    [Fact]
    public void Should_render_one_equally_sized_frame_per_snapshot_that_encodes_as_a_gif()
    {
        var frames = PrimerRenderer.RenderDreamFrames(Result.Dream, tileSize: 80);

        Assert.Equal(Result.Dream.Frames.Count, frames.Count);
        Assert.All(frames, f => Assert.Equal((frames[0].Width, frames[0].Height), (f.Width, f.Height)));
        using var gif = new MagickImageCollection(ImageEncoder.EncodeGif(frames, 100));
        Assert.Equal(frames.Count, gif.Count);
        Assert.Equal((uint)frames[0].Width, gif[0].Width);
    }

    [Fact]
    public void Should_show_the_target_filters_signs_as_black_and_white_blocks()
    {
        var frame = PrimerRenderer.RenderDreamFrames(Result.Dream, tileSize: 100)[^1];

        // Second cell: the 5x5 diagonal filter at 20 px per weight; weight (0,4) is +1 (white), (4,0) is -1 (black).
        var cellLeft = 8 + 100 + 8;
        var cellTop = frame.Height - Padding - FrameCaptionBand - 100;
        Assert.Equal((255, 255, 255), frame.GetPixel(cellLeft + 90, cellTop + 10));
        Assert.Equal((0, 0, 0), frame.GetPixel(cellLeft + 10, cellTop + 90));
    }

    // The renderer pads by 8 px; caption bands are ceil(1.5 * font size): fonts 12 (grid) and 13 (frames).
    private const int Padding = 8;
    private const int GridCaptionBand = 18;
    private const int FrameCaptionBand = 20;
}
