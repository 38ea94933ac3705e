using System.Diagnostics;
using ConvLens.Imaging;
using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>
/// Activation maximization: optimises a parameterized batch of images with Adam so that an <see cref="Objective"/>
/// grows, applying random transforms at every step (feature visualization).
/// </summary>
/// <remarks>
/// Olah et al., "Feature Visualization", Distill 2017; lucent's <c>render_vis</c>. The only place that negates an
/// objective: the loss is <c>-objective.sum()</c> over the batch. Never writes files.
/// </remarks>
public static class Maximizer
{
    /// <summary>Runs the optimisation.</summary>
    /// <param name="model">The network; its weights stay frozen.</param>
    /// <param name="objective">What to maximize (one value per image).</param>
    /// <param name="parameterization">The images being optimised; the caller owns (and disposes) it.</param>
    /// <param name="transforms">Random transforms applied in order every step (e.g. <see cref="Transforms.Standard"/>).</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="progress">Receives one report per step.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>Final images, objective history, frames and the manifest.</returns>
    /// <example>
    /// <code>
    /// using var image = new FourierImage(8, 128, 128, seed: 0);
    /// var result = Maximizer.Run(model, Objectives.Channels("stage3", [0, 1, 2, 3, 4, 5, 6, 7]), image, Transforms.Standard);
    /// </code>
    /// </example>
    /// <exception cref="ConvLensException">A layer is unknown, a channel is out of range, or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static MaximizeResult Run(
        LoadedModel model,
        Objective objective,
        IImageParameterization parameterization,
        IReadOnlyList<IImageTransform> transforms,
        MaximizeOptions? options = null,
        IProgress<MaximizeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(parameterization);
        ArgumentNullException.ThrowIfNull(transforms);
        options ??= new MaximizeOptions();
        options.Validate();
        var taps = objective.Layers.Select(model.ResolveLayer).Distinct(StringComparer.Ordinal).ToArray();
        var manifest = new MaximizeManifest(
            model.Name, objective.Description, taps, parameterization.Description,
            [.. transforms.Select(t => t.Description)], options,
            parameterization.BatchSize, parameterization.Height, parameterization.Width,
            typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown");

        using var scope = NewDisposeScope();
        using var session = new MaximizeSession(model, objective, parameterization, transforms, options, [.. objective.Layers]);
        var history = new List<double>(options.Steps);
        var frames = new List<MaximizeFrame>();
        var finalValues = Array.Empty<double>();
        var clock = Stopwatch.StartNew();
        for (var step = 1; step <= options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            finalValues = session.Step();
            history.Add(finalValues.Average());
            MaximizeFrame? frame = null;
            if (options.IsFrameStep(step))
            {
                frame = new MaximizeFrame(step, Snapshot(parameterization).Images);
                frames.Add(frame);
            }

            progress?.Report(new MaximizeProgress(step, options.Steps, history[^1], clock.Elapsed) { Frame = frame });
        }

        var (images, pixels) = Snapshot(parameterization);
        return new MaximizeResult(images, pixels, history, finalValues, frames, manifest, clock.Elapsed);
    }

    private static (IReadOnlyList<RgbImage> Images, IReadOnlyList<float> Pixels) Snapshot(IImageParameterization parameterization)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = parameterization.Render().detach().cpu().contiguous();
        var images = new RgbImage[batch.shape[0]];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = ImageTensor.FromTensor(batch[i]);
        }

        return (images, batch.data<float>().ToArray());
    }
}
