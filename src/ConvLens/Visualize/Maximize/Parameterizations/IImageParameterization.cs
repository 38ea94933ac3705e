using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>
/// A differentiable way to describe a batch of images by trainable tensors; it owns those tensors.
/// </summary>
public interface IImageParameterization : IDisposable
{
    /// <summary>The trainable tensors, for the optimizer.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Number of images N.</summary>
    int BatchSize { get; }

    /// <summary>Image height in pixels.</summary>
    int Height { get; }

    /// <summary>Image width in pixels.</summary>
    int Width { get; }

    /// <summary>A short label with every setting (for manifests), e.g. "fourier(sd=0.01, decorrelate, seed=0)".</summary>
    string Description { get; }

    /// <summary>Renders the images, differentiably.</summary>
    /// <returns>[N,3,H,W], float32, RGB in 0..1, in the caller's dispose scope.</returns>
    Tensor Render();
}
