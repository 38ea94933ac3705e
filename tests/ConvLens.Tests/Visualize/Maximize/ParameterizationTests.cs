using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Maximize;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Maximize;

public class ParameterizationTests
{
    [Fact]
    public void Should_have_markedly_less_high_frequency_energy_with_Fourier_than_with_pixels()
    {
        using var model = MaximizeModels.ThreeConvNet();
        var objective = Objectives.Channels("conv3", [0, 1, 2, 3]);
        var options = new MaximizeOptions { Steps = 64, UpsampleTo = null, KeepFrames = false };
        using var pixel = new PixelImage(4, 64, 64, decorrelate: true, seed: 1);
        using var fourier = new FourierImage(4, 64, 64, decorrelate: true, seed: 1);

        var pixelResult = Maximizer.Run(model, objective, pixel, Transforms.None, options);
        var fourierResult = Maximizer.Run(model, objective, fourier, Transforms.None, options);
        var pixelShare = HighFrequencyShare(pixelResult.Pixels, 4, 64);
        var fourierShare = HighFrequencyShare(fourierResult.Pixels, 4, 64);

        var pixelEnergy = HighFrequencyEnergy(pixelResult.Pixels, 4, 64);
        var fourierEnergy = HighFrequencyEnergy(fourierResult.Pixels, 4, 64);
        // Measured here: share 0.25 vs 0.93, energy 163 vs 648 (ratio ~0.27); pixel images are mostly noise above f = 0.25.
        var detail = $"high-frequency share: fourier {fourierShare:F3}, pixel {pixelShare:F3}; energy: fourier {fourierEnergy:G4}, pixel {pixelEnergy:G4}";
        Assert.True(fourierShare < 0.5 * pixelShare, detail);
        Assert.True(fourierEnergy < 0.5 * pixelEnergy, detail);
    }

    [Fact]
    public void Should_render_rgb_in_0_1_with_the_requested_shape()
    {
        using var scope = NewDisposeScope();
        using var fourier = new FourierImage(3, 20, 31, seed: 2);
        using var pixel = new PixelImage(3, 20, 31, seed: 2);

        foreach (var rendered in new[] { fourier.Render(), pixel.Render() })
        {
            Assert.Equal(new long[] { 3, 3, 20, 31 }, rendered.shape);
            Assert.True(rendered.min().item<float>() > 0 && rendered.max().item<float>() < 1);
            Assert.InRange(rendered.mean().item<float>(), 0.45f, 0.55f);
        }
    }

    [Fact]
    public void Should_normalise_the_colour_matrix_by_its_largest_column_norm()
    {
        var m = ColorDecorrelation.Matrix;

        var norms = Enumerable.Range(0, 3).Select(c => Math.Sqrt(Enumerable.Range(0, 3).Sum(r => m[(r * 3) + c] * m[(r * 3) + c]))).ToArray();

        Assert.Equal(1.0, norms.Max(), 5);
        Assert.Equal(0.26 / 0.27 * m[3], m[0], 5);
    }

    /// <summary>Mean power per image (orthonormal spectrum) above a quarter of the sampling frequency.</summary>
    internal static double HighFrequencyEnergy(IReadOnlyList<float> pixels, int batch, int size)
    {
        using var scope = NewDisposeScope();
        var images = tensor(pixels.ToArray()).view(batch, 3, size, size);
        var power = fft.rfft2(images, norm: FFTNormType.Ortho).abs().pow(2);
        var fy = fft.fftfreq(size).abs().view(-1, 1);
        var fx = fft.rfftfreq(size).view(1, -1);
        var high = ((fy * fy) + (fx * fx)).sqrt() > 0.25;
        return (power * high).sum().item<float>() / batch;
    }

    /// <summary>Share of the (mean-removed) power spectrum above a quarter of the sampling frequency.</summary>
    internal static double HighFrequencyShare(IReadOnlyList<float> pixels, int batch, int size)
    {
        using var scope = NewDisposeScope();
        var images = tensor(pixels.ToArray()).view(batch, 3, size, size);
        var centred = images - images.mean([2, 3], keepdim: true);
        var power = fft.rfft2(centred).abs().pow(2);
        var fy = fft.fftfreq(size).abs().view(-1, 1);
        var fx = fft.rfftfreq(size).view(1, -1);
        var high = ((fy * fy) + (fx * fx)).sqrt() > 0.25;
        return (power * high).sum().item<float>() / power.sum().item<float>();
    }
}
