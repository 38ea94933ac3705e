using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>
/// Images parameterized directly by their pixels (logits before a sigmoid). Naive, and prone to high-frequency
/// noise; the baseline against <see cref="FourierImage"/>.
/// </summary>
public sealed class PixelImage : IImageParameterization
{
    private readonly Parameter _pixels;

    /// <summary>Creates N random images of the given size.</summary>
    /// <param name="batchSize">Number of images.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="decorrelate">Apply <see cref="ColorDecorrelation"/> before the sigmoid.</param>
    /// <param name="sd">Standard deviation of the initial normal noise.</param>
    /// <param name="seed">Seed of the initial noise.</param>
    /// <param name="device">Device; CPU when null.</param>
    public PixelImage(int batchSize, int height, int width, bool decorrelate = false, double sd = 0.01, long seed = 0, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        BatchSize = batchSize;
        Height = height;
        Width = width;
        Decorrelate = decorrelate;
        Description = string.Create(CultureInfo.InvariantCulture, $"pixel(sd={sd}, {(decorrelate ? "decorrelate" : "rgb")}, seed={seed})");
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var init = randn([batchSize, 3, height, width], generator: generator) * sd;
        _pixels = new Parameter(init.to(device ?? CPU), requires_grad: true);
        _pixels.DetachFromDisposeScope();
    }

    /// <summary>Whether colours are decorrelated before the sigmoid.</summary>
    public bool Decorrelate { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => [_pixels];

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int Height { get; }

    /// <inheritdoc/>
    public int Width { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public Tensor Render() => (Decorrelate ? ColorDecorrelation.Apply(_pixels) : _pixels.alias()).sigmoid();

    /// <inheritdoc/>
    public void Dispose() => _pixels.Dispose();
}
