using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>Score-CAM: each channel, upsampled and normalised, masks the image; the masked scores weight the channels.</summary>
/// <remarks>
/// Wang et al., "Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural Networks", CVPRW 2020,
/// https://arxiv.org/abs/1910.01279, eq. 3-8. All masked images of a batch go through the network in batches of
/// <see cref="AttributionRequest.BatchSize"/> without gradients (not one forward per channel). As in
/// pytorch-grad-cam, the weights are the softmax over channels of the target's masked scores (the paper applies
/// the softmax over classes, which a generic target such as an embedding similarity does not have).
/// Cost: C forward passes per image for a layer with C channels. The masks are upsampled with the
/// <see cref="Upsample"/> convention (by default <see cref="MaskUpsample.Centers"/>, <c>align_corners = false</c>; the
/// Python implementation uses corners, and the maps differ, see docs/attribution.md).
/// </remarks>
public sealed class ScoreCam : CamMethod
{
    /// <summary>Score-CAM with masks upsampled by <paramref name="upsample"/>.</summary>
    public ScoreCam(MaskUpsample upsample = MaskUpsample.Centers) => Upsample = upsample;

    /// <summary>How the channel masks are upsampled to the image.</summary>
    public MaskUpsample Upsample { get; }

    /// <inheritdoc/>
    public override string Id => "score-cam";

    /// <inheritdoc/>
    public override string DisplayName => "Score-CAM";

    /// <inheritdoc/>
    public override string Description => "each channel masks the image and the masked scores weight the channels (no gradients)";

    /// <inheritdoc/>
    public override bool UsesGradients => false;

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    protected override Tensor ChannelWeights(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var a = c.Activations;
        var (n, ch) = (a.shape[0], a.shape[1]);
        var (h, w) = (c.Images.shape[2], c.Images.shape[3]);
        var weights = new List<Tensor>();
        for (long i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            var image = c.Images[i].unsqueeze(0);
            var scores = new List<Tensor>();
            // Masks are built per batch of channels: all 512 masked copies of a 224x224 image would need ~300 MB.
            for (long start = 0; start < ch; start += c.BatchSize)
            {
                using var chunk = NewDisposeScope();
                var count = Math.Min(c.BatchSize, ch - start);
                var up = nn.functional.interpolate(a[i].narrow(0, start, count).unsqueeze(1), [h, w], mode: InterpolationMode.Bilinear, align_corners: Upsample == MaskUpsample.Corners);
                var flat = up.reshape(count, -1);
                var min = flat.amin([1], keepdim: true);
                var range = flat.amax([1], keepdim: true) - min;
                var masks = ((flat - min) / where(range > 0, range, ones_like(range))).reshape(count, 1, h, w);
                scores.Add(c.ScoreImages(image * masks).MoveToOuterDisposeScope());
            }

            weights.Add(nn.functional.softmax(cat(scores), 0).MoveToOuterDisposeScope());
        }

        return stack(weights);
    }
}
