using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>Factories for the standard <see cref="Objective"/>s (lucid/lucent's <c>objectives</c> module).</summary>
/// <remarks>
/// Layer activations may be <c>[N,C,H,W]</c> or <c>[N,C]</c>; spatial objectives average over positions so that
/// weights do not depend on the input size. Penalties return positive magnitudes (subtract them).
/// </remarks>
public static class Objectives
{
    /// <summary>Mean activation of channel <paramref name="channel"/> of <paramref name="layer"/>, per image.</summary>
    /// <remarks>
    /// A channel after a ReLU can be zero everywhere on the flat grey start image, and then has no gradient at all.
    /// For such an image only, a tiny multiple (<see cref="FlatStartWeight"/>) of the layer's mean squared
    /// activation is added so the image can leave the flat start (the role of lucid's redirected ReLU gradient in
    /// its first steps); the term vanishes once the channel fires anywhere.
    /// </remarks>
    public static Objective Channel(string layer, int channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layer);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        return new(
            c =>
            {
                var act = c.Activation(layer);
                return WithFlatStartEscape(SpatialMean(Select(act, channel, layer)), act);
            },
            $"channel {layer}:{channel}",
            [layer]);
    }

    /// <summary>Weight of the escape term that <see cref="Channel"/> and <see cref="Channels"/> add for a silent channel.</summary>
    public const double FlatStartWeight = 1e-3;

    /// <summary>
    /// One channel per image: image <c>i</c> of the batch maximizes channel <c>channels[i]</c> of <paramref name="layer"/>,
    /// so many channels optimise in one batched forward pass. The batch size must equal the number of channels.
    /// </summary>
    /// <remarks>Silent channels get the same flat-start escape as <see cref="Channel"/>.</remarks>
    public static Objective Channels(string layer, IReadOnlyList<int> channels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layer);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0 || channels.Any(ch => ch < 0))
        {
            throw new ArgumentException("channels must be a non-empty list of non-negative indices", nameof(channels));
        }

        var list = channels.ToArray();
        return new(
            c =>
            {
                var act = c.Activation(layer);
                if (act.shape[0] != list.Length)
                {
                    throw new ConvLensException($"{list.Length} channels of '{layer}' need a batch of {list.Length} images, got {act.shape[0]}");
                }

                CheckChannel(act, list.Max(), layer);
                var flat = act.flatten(2); // [N,C,P]
                var index = tensor(list.Select(i => (long)i).ToArray(), device: act.device).view(-1, 1, 1).expand(-1, 1, flat.shape[2]);
                return WithFlatStartEscape(flat.gather(1, index).mean([1, 2]), act);
            },
            $"channels {layer}:{string.Join(",", list)}",
            [layer]);
    }

    /// <summary>Activation of one neuron: channel <paramref name="channel"/> at position (x, y), the centre by default.</summary>
    public static Objective Neuron(string layer, int channel, int? x = null, int? y = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layer);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        var where = x is null && y is null ? "centre" : $"{x},{y}";
        return new(
            c =>
            {
                var act = Select(c.Activation(layer), channel, layer);
                if (act.dim() != 3)
                {
                    throw new ConvLensException($"neuron objective needs a spatial layer [N,C,H,W]; '{layer}' is [{string.Join(",", act.shape)}]");
                }

                long h = act.shape[1], w = act.shape[2];
                long px = x ?? w / 2, py = y ?? h / 2;
                if (px < 0 || px >= w || py < 0 || py >= h)
                {
                    throw new ConvLensException($"neuron ({px},{py}) is outside layer '{layer}' of size {w}x{h}");
                }

                return act[.., py, px];
            },
            $"neuron {layer}:{channel}@{where}",
            [layer]);
    }

    /// <summary>Mean of squared activations of a whole layer (DeepDream's objective).</summary>
    public static Objective Layer(string layer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layer);
        return new(c => c.Activation(layer).pow(2).flatten(1).mean([1]), $"layer {layer}", [layer]);
    }

    /// <summary>The model output at index <paramref name="index"/> (a class logit, or an embedding component for headless models).</summary>
    public static Objective ClassLogit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(
            c =>
            {
                var output = c.Output.flatten(1);
                if (index >= output.shape[1])
                {
                    throw new ConvLensException($"class {index} is out of range: the model output has {output.shape[1]} values");
                }

                return output[.., index];
            },
            $"class {index}",
            needsOutput: true);
    }

    /// <summary>Dot product of each position's channel vector with <paramref name="direction"/>, averaged over positions.</summary>
    public static Objective Direction(string layer, IReadOnlyList<float> direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layer);
        ArgumentNullException.ThrowIfNull(direction);
        var v = direction.ToArray();
        return new(
            c =>
            {
                var act = c.Activation(layer);
                if (act.shape[1] != v.Length)
                {
                    throw new ConvLensException($"direction has {v.Length} components but layer '{layer}' has {act.shape[1]} channels");
                }

                var shape = act.dim() == 4 ? new long[] { 1, v.Length, 1, 1 } : [1, v.Length];
                return SpatialMean((act * tensor(v, device: act.device).view(shape)).sum(1, keepdim: true).squeeze(1));
            },
            $"direction {layer}",
            [layer]);
    }

    /// <summary>
    /// Diversity across the batch: for image i, minus the summed cosine similarity of its Gram matrix at
    /// <paramref name="layer"/> with every other image's, divided by N (lucid's <c>diversity</c>, as a value to maximize).
    /// </summary>
    public static Objective Diversity(string layer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layer);
        return new(
            c =>
            {
                var act = c.Activation(layer);
                long n = act.shape[0], ch = act.shape[1];
                var flat = act.reshape(n, ch, -1);
                var grams = flat.matmul(flat.transpose(1, 2)).reshape(n, -1);
                grams = nn.functional.normalize(grams, p: 2, dim: 1);
                var sim = grams.matmul(grams.t()); // [N,N] cosine similarities
                var offDiagonal = sim.sum(1) - sim.diagonal();
                return -offDiagonal / n;
            },
            $"diversity {layer}",
            [layer]);
    }

    /// <summary>Penalty: mean absolute deviation of the image from <paramref name="constant"/> (0.5 = mid grey).</summary>
    public static Objective L1(double constant = 0.5) =>
        new(c => (c.Image - constant).abs().flatten(1).mean([1]), $"l1({Num(constant)})");

    /// <summary>Penalty: mean squared deviation of the image from <paramref name="constant"/>.</summary>
    public static Objective L2(double constant = 0.5) =>
        new(c => (c.Image - constant).pow(2).flatten(1).mean([1]), $"l2({Num(constant)})");

    /// <summary>Penalty: total variation (mean absolute difference of neighbouring pixels, both directions).</summary>
    public static Objective TotalVariation() =>
        new(
            c =>
            {
                var img = c.Image;
                var dy = (img[.., .., 1.., ..] - img[.., .., ..^1, ..]).abs().flatten(1).mean([1]);
                var dx = (img[.., .., .., 1..] - img[.., .., .., ..^1]).abs().flatten(1).mean([1]);
                return dx + dy;
            },
            "tv");

    /// <summary>
    /// Penalty: half the mean squared distance between the image and a 3x3 box-blurred copy of it (held constant),
    /// so its gradient pulls each step towards a blurred image (lucid's <c>blur_input_each_step</c>).
    /// </summary>
    public static Objective Blur() =>
        new(
            c =>
            {
                var img = c.Image;
                Tensor blurred;
                using (no_grad())
                {
                    var padded = nn.functional.pad(img, [1, 1, 1, 1], PaddingModes.Replicate);
                    blurred = nn.functional.avg_pool2d(padded, 3, stride: 1);
                }

                return 0.5 * (img - blurred).pow(2).flatten(1).mean([1]);
            },
            "blur");

    /// <summary>A different objective per image: image i of the batch gets <c>objectives[i]</c>.</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public static Objective PerImage(IReadOnlyList<Objective> objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        if (objectives.Count == 0)
        {
            throw new ArgumentException("at least one objective is needed", nameof(objectives));
        }

        var list = objectives.ToArray();
        return new(
            c =>
            {
                if (c.BatchSize != list.Length)
                {
                    throw new ConvLensException($"{list.Length} per-image objectives need a batch of {list.Length} images, got {c.BatchSize}");
                }

                return stack(list.Select((o, i) => o.Evaluate(c)[i]).ToArray());
            },
            $"per-image [{string.Join("; ", list.Select(o => o.Description))}]",
            list.SelectMany(o => o.Layers),
            list.Any(o => o.NeedsOutput));
    }

    private static Tensor WithFlatStartEscape(Tensor value, Tensor act)
    {
        var silent = value.detach().eq(0).to(value.dtype);
        return value + (silent * FlatStartWeight * act.pow(2).flatten(1).mean([1]));
    }

    private static Tensor Select(Tensor act, int channel, string layer)
    {
        CheckChannel(act, channel, layer);
        return act.select(1, channel);
    }

    private static void CheckChannel(Tensor act, int channel, string layer)
    {
        if (act.dim() < 2 || channel >= act.shape[1])
        {
            throw new ConvLensException($"channel {channel} is out of range: layer '{layer}' has shape [{string.Join(",", act.shape)}] ({(act.dim() >= 2 ? act.shape[1] : 0)} channels)");
        }
    }

    private static Tensor SpatialMean(Tensor perImage) =>
        perImage.dim() == 1 ? perImage : perImage.flatten(1).mean([1]);

    private static string Num(double k) => k.ToString("0.###", CultureInfo.InvariantCulture);
}
