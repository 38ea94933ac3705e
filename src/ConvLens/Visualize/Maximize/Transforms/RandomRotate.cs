using System.Globalization;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>Rotates the batch about its centre by an angle drawn from a list (affine_grid + grid_sample, differentiable).</summary>
public sealed class RandomRotate : IImageTransform
{
    private readonly double[] _degrees;

    /// <summary>Creates the transform.</summary>
    /// <param name="degrees">Angles in degrees to choose from, uniformly (repeat 0 to rotate less often).</param>
    public RandomRotate(IEnumerable<double> degrees)
    {
        ArgumentNullException.ThrowIfNull(degrees);
        _degrees = [.. degrees];
        if (_degrees.Length == 0)
        {
            throw new ArgumentException("at least one angle is needed", nameof(degrees));
        }
    }

    /// <summary>The angles to choose from, in degrees.</summary>
    public IReadOnlyList<double> Degrees => _degrees;

    /// <inheritdoc/>
    public string Description => string.Create(CultureInfo.InvariantCulture, $"rotate({_degrees.Min():0.#}..{_degrees.Max():0.#} deg)");

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        var angle = RandomChoice.From(rng, _degrees);
        if (angle == 0)
        {
            return image.alias();
        }

        using var scope = NewDisposeScope();
        var rad = angle * Math.PI / 180.0;
        float cos = (float)Math.Cos(rad), sin = (float)Math.Sin(rad);
        long n = image.shape[0];
        var theta = tensor(new[] { cos, -sin, 0f, sin, cos, 0f }, device: image.device).view(1, 2, 3).expand(n, 2, 3);
        var grid = nn.functional.affine_grid(theta, image.shape, align_corners: false);
        // Border padding: corners repeat the edge instead of turning black.
        var rotated = nn.functional.grid_sample(image, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        return rotated.MoveToOuterDisposeScope();
    }
}
