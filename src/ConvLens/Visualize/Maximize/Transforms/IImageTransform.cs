using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>A differentiable, randomised image transform applied at every optimisation step (transformation robustness).</summary>
public interface IImageTransform
{
    /// <summary>A short label with the settings, for manifests (e.g. "jitter(8)").</summary>
    string Description { get; }

    /// <summary>Transforms a batch; the same random draw applies to every image of the batch.</summary>
    /// <param name="image">[N,3,H,W], RGB 0..1; never disposed.</param>
    /// <param name="rng">The run's seeded generator: every random choice comes from it.</param>
    /// <returns>[N,3,H',W'], in the caller's dispose scope and the autograd graph.</returns>
    Tensor Apply(Tensor image, Generator rng);
}
