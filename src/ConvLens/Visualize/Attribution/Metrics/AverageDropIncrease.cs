using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Average drop and increase in confidence when only the explained region is shown, with a random baseline.</summary>
/// <remarks>
/// Chattopadhyay et al., "Grad-CAM++", WACV 2018, https://arxiv.org/abs/1710.11063, section 4.1.1: the image is
/// multiplied point-wise by the normalised map; average drop = mean over images of max(0, Y - O) / Y (in %, lower is
/// better), increase in confidence = percentage of images with O &gt; Y (higher is better). Scores should be positive
/// (use <see cref="ClassProbability"/>). The baseline shuffles each map's pixels (same values, random places).
/// </remarks>
public static class AverageDropIncrease
{
    /// <summary>Evaluates the maps of one target over a batch of images.</summary>
    /// <param name="model">The model.</param>
    /// <param name="images">[N,3,H,W], float32, RGB in 0..1; not disposed.</param>
    /// <param name="maps">N normalised maps of size H x W.</param>
    /// <param name="target">The score (a probability).</param>
    /// <param name="seed">Seed of the shuffled baseline.</param>
    /// <exception cref="ConvLensException">Map count or size does not match the images.</exception>
    public static AverageDropIncreaseResult Evaluate(LoadedModel model, Tensor images, IReadOnlyList<AttributionMap> maps, ITarget target, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(target);
        var (n, h, w) = MapsForImages.Check(images, maps);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        target = target.Resolve(model);
        var device = model.Device;
        using var generator = new Generator((ulong)seed, device);
        var x = images.to(float32).to(device);
        var m = stack([.. maps.Select(a => tensor(a.Values, device: device).view(1, h, w))]);
        var shuffled = stack([.. Enumerable.Range(0, n).Select(i => m[i].flatten()[randperm(h * w, generator: generator, device: device)].view(1, h, w))]);
        var y = Scores(model, target, x);
        var o = Scores(model, target, x * m);
        var r = Scores(model, target, x * shuffled);
        return new AverageDropIncreaseResult(Drop(y, o), Increase(y, o), Drop(y, r), Increase(y, r));
    }

    private static float[] Scores(LoadedModel model, ITarget target, Tensor x) =>
        target.Score(model.Run(x, target.Layers)).to(float32).cpu().data<float>().ToArray();

    private static double Drop(float[] y, float[] o) =>
        100.0 * y.Zip(o, (a, b) => Math.Max(0, a - b) / Math.Max(a, 1e-12f)).Average();

    private static double Increase(float[] y, float[] o) =>
        100.0 * y.Zip(o, (a, b) => b > a ? 1.0 : 0.0).Average();
}
