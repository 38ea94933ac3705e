using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Deletion and insertion curves of an explanation, with a random-order baseline (the RISE protocol).</summary>
/// <remarks>
/// Petsiuk, Das and Saenko, "RISE: Randomized Input Sampling for Explanation of Black-box Models", BMVC 2018,
/// https://arxiv.org/abs/1806.07421, section 4.1: pixels are removed (set to <see cref="DeletionInsertionOptions.DeletionFill"/>)
/// or inserted into a blurred copy in the order of decreasing saliency; the target's score is recorded after each step.
/// Use a probability target (<see cref="ClassProbability"/>) for figures comparable with the paper. Ties in the map
/// are broken by pixel index; all perturbed images go through the network in batches without gradients.
/// </remarks>
public static class DeletionInsertion
{
    /// <summary>Evaluates one map per image.</summary>
    /// <param name="model">The model.</param>
    /// <param name="images">[N,3,H,W], float32, RGB in 0..1; not disposed.</param>
    /// <param name="maps">N maps of size H x W (e.g. <see cref="AttributionResult"/> maps for one target).</param>
    /// <param name="target">The score to follow.</param>
    /// <param name="options">Steps, fill, blur, batch size and seed; null for the defaults.</param>
    /// <exception cref="ConvLensException">Map count or size does not match the images.</exception>
    public static IReadOnlyList<DeletionInsertionResult> Evaluate(LoadedModel model, Tensor images, IReadOnlyList<AttributionMap> maps, ITarget target, DeletionInsertionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new DeletionInsertionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1);
        var (n, h, w) = MapsForImages.Check(images, maps);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        target = target.Resolve(model);
        var device = model.Device;
        using var generator = new Generator((ulong)options.Seed, device);
        var x = images.to(float32).to(device);
        var blurred = Blur(x, options.InsertionBlurSigma);
        var results = new List<DeletionInsertionResult>();
        for (var i = 0; i < n; i++)
        {
            using var step = NewDisposeScope();
            var saliency = tensor(maps[i].Values, device: device);
            // argsort is not stable; the tiny index term breaks ties by pixel order so runs are reproducible.
            var order = (saliency.to(float64) - (arange(h * w, dtype: float64, device: device) * 1e-12)).argsort(descending: true);
            var random = randperm(h * w, generator: generator, device: device);
            var image = x[i].unsqueeze(0);
            var fill = full_like(image, options.DeletionFill);
            var blur = blurred[i].unsqueeze(0);
            results.Add(new DeletionInsertionResult(
                Curve(model, target, Masks(order, options.Steps, h, w), fill, image, options.BatchSize),
                Curve(model, target, Masks(order, options.Steps, h, w), image, blur, options.BatchSize),
                Curve(model, target, Masks(random, options.Steps, h, w), fill, image, options.BatchSize),
                Curve(model, target, Masks(random, options.Steps, h, w), image, blur, options.BatchSize)));
        }

        return results;
    }

    /// <summary>Masks [Steps+1,1,H,W]: 1 where the first k·HW/Steps pixels of <paramref name="order"/> are.</summary>
    private static Tensor Masks(Tensor order, int steps, int h, int w)
    {
        var rank = empty_like(order);
        rank.index_put_(arange(h * w, device: order.device), order);
        var counts = (arange(steps + 1, dtype: float64, device: order.device) * (h * w) / steps).round().to(int64);
        return (rank.unsqueeze(0) < counts.unsqueeze(1)).to(float32).view(steps + 1, 1, h, w);
    }

    /// <summary>Scores of images that take <paramref name="selected"/> where the mask is 1 and <paramref name="rest"/> elsewhere.</summary>
    private static float[] Curve(LoadedModel model, ITarget target, Tensor masks, Tensor selected, Tensor rest, int batchSize)
    {
        var scores = new List<float>();
        var total = masks.shape[0];
        for (long start = 0; start < total; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var m = masks.narrow(0, start, Math.Min(batchSize, total - start));
            var batch = (selected * m) + (rest * (1 - m));
            var run = model.Run(batch, target.Layers);
            scores.AddRange(target.Score(run).to(float32).cpu().data<float>().ToArray());
        }

        return [.. scores];
    }

    /// <summary>Separable Gaussian blur with reflect padding.</summary>
    internal static Tensor Blur(Tensor x, float sigma)
    {
        if (sigma <= 0)
        {
            return x.alias();
        }

        var radius = (int)Math.Ceiling(3 * sigma);
        radius = Math.Min(radius, (int)Math.Min(x.shape[2], x.shape[3]) - 1);
        var k = arange(-radius, radius + 1, dtype: float32, device: x.device);
        var kernel = exp(-(k * k) / (2 * sigma * sigma));
        kernel = kernel / kernel.sum();
        var c = x.shape[1];
        var kx = kernel.view(1, 1, 1, -1).expand(c, 1, 1, -1).contiguous();
        var ky = kernel.view(1, 1, -1, 1).expand(c, 1, -1, 1).contiguous();
        var padded = nn.functional.pad(x, [radius, radius, radius, radius], TorchSharp.PaddingModes.Reflect);
        var y = nn.functional.conv2d(padded, kx, groups: c);
        return nn.functional.conv2d(y, ky, groups: c);
    }
}
