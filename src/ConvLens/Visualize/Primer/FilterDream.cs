using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Primer;

/// <summary>
/// "Dreams" the input pattern a filter loves: gradient ascent on a pattern x, starting from noise, to maximise
/// the filter's response <c>sum(filter * x) - lambda * ||x||^2</c>.
/// </summary>
/// <remarks>
/// Without the norm penalty the response grows without bound along the filter's direction; with it the objective
/// is concave and its unique maximum is <c>x* = filter / (2 lambda)</c>, a scaled copy of the filter.
/// </remarks>
public static class FilterDream
{
    /// <summary>Runs gradient ascent with TorchSharp autograd and returns the dreamed pattern and its history.</summary>
    /// <param name="filter">The filter, indexed [row, column].</param>
    /// <param name="options">Steps, learning rate, penalty, seed, frame interval and device.</param>
    /// <param name="progress">Receives one report per update.</param>
    /// <param name="cancellationToken">Checked before every update.</param>
    /// <returns>The final pattern, the response history and the frames.</returns>
    /// <exception cref="ArgumentException">The filter is empty or an option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static FilterDreamResult GradientAscentFilter(
        float[,] filter,
        FilterDreamOptions options,
        IProgress<FilterDreamStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(options);
        Validate(filter, options);
        int h = filter.GetLength(0), w = filter.GetLength(1);
        var device = options.Device ?? CPU;

        using var outer = NewDisposeScope();
        var target = Primer2D.ToTensor(filter, device);
        var generator = new Generator((ulong)options.Seed, device);
        var pattern = (randn([h, w], generator: generator, device: device) * options.InitialScale).detach().requires_grad_(true);

        var responses = new List<double>(options.Steps + 1);
        var frames = new List<FilterDreamFrame>();
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var response = Response(target, pattern, options.NormPenalty);
            var value = response.item<float>();
            responses.Add(value);
            if (step % options.FrameInterval == 0)
            {
                frames.Add(new FilterDreamFrame(step, value, Primer2D.ToArray(pattern)));
            }

            var gradient = autograd.grad([response], [pattern])[0];
            using (no_grad())
            {
                pattern.add_(gradient, alpha: options.LearningRate);
            }

            progress?.Report(new FilterDreamStep(step + 1, options.Steps, value));
        }

        using (no_grad())
        {
            var final = Response(target, pattern, options.NormPenalty).item<float>();
            responses.Add(final);
            var finalPattern = Primer2D.ToArray(pattern);
            frames.Add(new FilterDreamFrame(options.Steps, final, finalPattern));
            return new FilterDreamResult((float[,])filter.Clone(), finalPattern, responses, frames);
        }
    }

    private static Tensor Response(Tensor filter, Tensor pattern, double penalty) =>
        (filter * pattern).sum() - (penalty * pattern.square().sum());

    private static void Validate(float[,] filter, FilterDreamOptions options)
    {
        if (filter.Length == 0)
        {
            throw new ArgumentException("the filter must have at least one weight", nameof(filter));
        }

        if (options.Steps < 1 || options.FrameInterval < 1 || !(options.LearningRate > 0) || !(options.NormPenalty > 0) || !(options.InitialScale >= 0))
        {
            throw new ArgumentException("steps and frame interval must be at least 1, learning rate and norm penalty positive, initial scale non-negative", nameof(options));
        }
    }
}
