using System.Diagnostics;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Maximize;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Visualize.DeepDream;

/// <summary>
/// DeepDream: amplifies what a layer (or channel) sees in a real image by normalised gradient ascent on the pixels,
/// over several octaves with random rolls and detail re-injection.
/// </summary>
/// <remarks>
/// Mordvintsev, Olah, Tyka, "Inceptionism" (2015) and the original TensorFlow notebook (<c>render_deepdream</c>,
/// <c>calc_grad_tiled</c>): the step is <c>StepSize / mean|g|</c>; the notebook's 0..255 step is scaled to our 0..1
/// pixels, and pixels are clipped to the valid range after every step.
/// </remarks>
public static class DeepDream
{
    /// <summary>Dreams on <paramref name="image"/>.</summary>
    /// <param name="model">The network; its weights stay frozen.</param>
    /// <param name="image">The photograph.</param>
    /// <param name="objective">What to amplify, e.g. <see cref="Objectives.Layer"/> or <see cref="Objectives.Channel"/>.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="progress">Receives one report per step.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>The dreamed image, frames and history.</returns>
    /// <exception cref="ConvLensException">A layer is unknown or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static DeepDreamResult Run(
        LoadedModel model,
        RgbImage image,
        Objective objective,
        DeepDreamOptions? options = null,
        IProgress<DeepDreamProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(objective);
        options ??= new DeepDreamOptions();
        options.Validate();
        // Unknown layers fail here, before any work.
        _ = objective.Layers.Select(model.ResolveLayer).ToArray();
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var rng = new Generator((ulong)options.Seed, model.Device);
        var original = ImageTensor.ToTensor(image, model.Device).unsqueeze(0);
        var (height, width) = (image.Height, image.Width);

        // Detail pyramid: each octave keeps what downscaling removed, to put it back when scaling up.
        var details = new List<Tensor>();
        var current = original;
        for (var i = 0; i < options.Octaves - 1; i++)
        {
            var h = Math.Max(1, (int)Math.Round(current.shape[2] / options.OctaveScale));
            var w = Math.Max(1, (int)Math.Round(current.shape[3] / options.OctaveScale));
            var lower = Resize(current, h, w);
            details.Add(current - Resize(lower, (int)current.shape[2], (int)current.shape[3]));
            current = lower;
        }

        var step = options.StepSize / 255.0;
        var total = options.Octaves * options.StepsPerOctave;
        var history = new List<double>(total);
        var frames = new List<RgbImage>();
        for (var octave = 0; octave < options.Octaves; octave++)
        {
            if (octave > 0)
            {
                var detail = details[^octave];
                current = (Resize(current, (int)detail.shape[2], (int)detail.shape[3]) + detail).clamp(0, 1);
            }

            for (var i = 0; i < options.StepsPerOctave; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (var stepScope = NewDisposeScope())
                {
                    var (gradient, value) = TiledGradient(model, objective, current, options, rng);
                    var normalised = gradient * (step / (gradient.abs().mean().item<float>() + 1e-7));
                    current.add_(normalised).clamp_(0, 1); // in place: memory stays flat over the steps
                    history.Add(value);
                    if (options.KeepFrames)
                    {
                        frames.Add(ImageTensor.FromTensor(Resize(current, height, width)));
                    }
                }

                progress?.Report(new DeepDreamProgress(octave + 1, options.Octaves, history.Count, total, history[^1], clock.Elapsed)
                {
                    Frame = options.KeepFrames ? frames[^1] : null,
                });
            }
        }

        var final = ImageTensor.FromTensor(Resize(current, height, width));
        return new DeepDreamResult(final, frames, history, objective.Description, options, clock.Elapsed);
    }

    /// <summary>Gradient of the objective w.r.t. the image, computed tile by tile on a randomly rolled copy.</summary>
    private static (Tensor Gradient, double Value) TiledGradient(
        LoadedModel model, Objective objective, Tensor image, DeepDreamOptions options, Generator rng)
    {
        long h = image.shape[2], w = image.shape[3];
        var sy = options.Jitter == 0 ? 0 : RandomChoice.Index(rng, (2 * options.Jitter) + 1) - options.Jitter;
        var sx = options.Jitter == 0 ? 0 : RandomChoice.Index(rng, (2 * options.Jitter) + 1) - options.Jitter;
        var rolled = image.detach().roll([sy, sx], [2, 3]);
        var gradient = zeros_like(rolled);
        var ys = Splits(h, options.TileSize);
        var xs = Splits(w, options.TileSize);
        var value = 0.0;
        for (var ty = 0; ty < ys.Length - 1; ty++)
        {
            for (var tx = 0; tx < xs.Length - 1; tx++)
            {
                using var tileScope = NewDisposeScope();
                long y0 = ys[ty], th = ys[ty + 1] - ys[ty], x0 = xs[tx], tw = xs[tx + 1] - xs[tx];
                var tile = rolled.narrow(2, y0, th).narrow(3, x0, tw).detach().requires_grad_(true);
                var input = PadToMultiple(tile, options.SizeMultiple);
                var run = model.Run(input, objective.Layers, objective.NeedsOutput);
                var score = objective.Evaluate(new ObjectiveContext(run, input, tile)).sum();
                var g = autograd.grad([score], [tile])[0];
                gradient.narrow(2, y0, th).narrow(3, x0, tw).copy_(g);
                value += score.item<float>();
            }
        }

        var tiles = (ys.Length - 1) * (xs.Length - 1);
        return (gradient.roll([-sy, -sx], [2, 3]), value / tiles);
    }

    // Reflection (not zeros) so the padding adds no edges for the layer to amplify; the gradient flows back through it.
    private static Tensor PadToMultiple(Tensor tile, int multiple)
    {
        long h = tile.shape[2], w = tile.shape[3];
        long ph = ((multiple - (h % multiple)) % multiple), pw = ((multiple - (w % multiple)) % multiple);
        if (ph == 0 && pw == 0)
        {
            return tile;
        }

        // Reflect padding needs pad < size: replicate covers the rare tiny tile.
        var mode = ph < h && pw < w ? PaddingModes.Reflect : PaddingModes.Replicate;
        return nn.functional.pad(tile, [pw / 2, pw - (pw / 2), ph / 2, ph - (ph / 2)], mode);
    }

    // Evenly spaced tile boundaries, so no tile is a thin sliver the network cannot see.
    private static long[] Splits(long size, int tile)
    {
        var count = (int)((size + tile - 1) / tile);
        return [.. Enumerable.Range(0, count + 1).Select(i => size * i / count)];
    }

    private static Tensor Resize(Tensor image, int height, int width) =>
        image.shape[2] == height && image.shape[3] == width
            ? image.alias()
            : nn.functional.interpolate(image, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
}
