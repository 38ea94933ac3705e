namespace ConvLens.Visualize.Maximize;

/// <summary>Settings of one <see cref="Maximizer"/> run; defaults follow lucid/lucent's <c>render_vis</c>.</summary>
public sealed record MaximizeOptions
{
    /// <summary>Optimisation steps (default 512).</summary>
    public int Steps { get; init; } = 512;

    /// <summary>How token layers ([N,1+H*W,C], [N,H,W,C]) lie on a grid; null infers it from each layer's shape and the input size.</summary>
    public ConvLens.Models.TokenLayout? Layout { get; init; }

    /// <summary>Adam learning rate (default 0.05).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Seed of the transforms' random draws (the parameterization has its own seed).</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The transformed batch is resized (bilinear) to this square size before the model (lucent upsamples images under
    /// 224 px to 224). A fixed size also suits models that accept only some sizes (the built-in featurizer needs
    /// multiples of 32). Null: feed the transformed image as is.
    /// </summary>
    public int? UpsampleTo { get; init; } = 224;

    /// <summary>
    /// Keep a frame every this many steps; 0 (default) keeps frames at steps 1, 2, 4, 8, ... and the last step.
    /// </summary>
    public int FrameEvery { get; init; }

    /// <summary>Whether to keep frames at all (for the optimisation animation).</summary>
    public bool KeepFrames { get; init; } = true;

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ConvLensException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Steps < 1)
        {
            throw new ConvLensException($"steps must be at least 1, got {Steps}");
        }

        if (!(LearningRate > 0))
        {
            throw new ConvLensException($"learning rate must be positive, got {LearningRate}");
        }

        if (UpsampleTo is < 8)
        {
            throw new ConvLensException($"upsample size must be at least 8 px, got {UpsampleTo}");
        }

        if (FrameEvery < 0)
        {
            throw new ConvLensException($"frame interval must be 0 (powers of two) or positive, got {FrameEvery}");
        }
    }

    /// <summary>True when a frame is kept after <paramref name="step"/> (1-based).</summary>
    public bool IsFrameStep(int step) =>
        KeepFrames && (step == Steps || (FrameEvery > 0 ? step % FrameEvery == 0 : (step & (step - 1)) == 0));
}
