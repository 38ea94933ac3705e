using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>
/// Images parameterized by their 2-D real Fourier spectrum, scaled by 1/frequency so that every frequency is
/// equally easy to change; optionally colour-decorrelated, then squashed by a sigmoid.
/// </summary>
/// <remarks>
/// Mordvintsev et al., "Differentiable Image Parameterizations", Distill 2018; lucid/lucent's <c>fft_image</c>
/// (spectrum init sd 0.01, scale <c>1/max(f, 1/max(H,W))^decay</c>, orthonormal inverse FFT, divided by 4).
/// </remarks>
public sealed class FourierImage : IImageParameterization
{
    // lucid's "magic" constant: keeps the initial image in the sigmoid's linear range.
    private const double Magic = 4.0;
    private readonly Parameter _spectrum;
    private readonly Tensor _scale;

    /// <summary>Creates N random images of the given size.</summary>
    /// <param name="batchSize">Number of images.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="decorrelate">Apply <see cref="ColorDecorrelation"/> before the sigmoid (default, as in lucid).</param>
    /// <param name="sd">Standard deviation of the initial spectrum.</param>
    /// <param name="decayPower">Exponent of the 1/frequency scaling.</param>
    /// <param name="seed">Seed of the initial spectrum.</param>
    /// <param name="device">Device; CPU when null.</param>
    public FourierImage(int batchSize, int height, int width, bool decorrelate = true, double sd = 0.01, double decayPower = 1.0, long seed = 0, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        BatchSize = batchSize;
        Height = height;
        Width = width;
        Decorrelate = decorrelate;
        Description = string.Create(CultureInfo.InvariantCulture,
            $"fourier(sd={sd}, decay={decayPower}, {(decorrelate ? "decorrelate" : "rgb")}, seed={seed})");
        var dev = device ?? CPU;
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var fy = fft.fftfreq(height).view(-1, 1);
        var fx = fft.fftfreq(width)[..((width / 2) + 1)].abs().view(1, -1);
        var freqs = (fy * fy + fx * fx).sqrt();
        var scale = freqs.clamp_min(1.0 / Math.Max(height, width)).pow(-decayPower);
        _scale = scale.view(1, 1, height, -1, 1).to(ScalarType.Float32).to(dev).DetachFromDisposeScope();
        var init = randn([batchSize, 3, height, (width / 2) + 1, 2], generator: generator) * sd;
        _spectrum = new Parameter(init.to(dev), requires_grad: true);
        _spectrum.DetachFromDisposeScope();
    }

    /// <summary>Whether colours are decorrelated before the sigmoid.</summary>
    public bool Decorrelate { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => [_spectrum];

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int Height { get; }

    /// <inheritdoc/>
    public int Width { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public Tensor Render()
    {
        using var scope = NewDisposeScope();
        var spectrum = view_as_complex(_spectrum * _scale);
        var image = fft.irfft2(spectrum, s: [Height, Width], norm: FFTNormType.Ortho) / Magic;
        var rgb = (Decorrelate ? ColorDecorrelation.Apply(image) : image).sigmoid();
        return rgb.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _spectrum.Dispose();
        _scale.Dispose();
    }
}
