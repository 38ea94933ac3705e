namespace ConvLens.Visualize.DeepDream;

/// <summary>Settings of a <see cref="DeepDream"/> run; defaults follow the original DeepDream notebook.</summary>
public sealed record DeepDreamOptions
{
    /// <summary>Number of octaves (image scales), default 4.</summary>
    public int Octaves { get; init; } = 4;

    /// <summary>Size ratio between successive octaves, default 1.4.</summary>
    public double OctaveScale { get; init; } = 1.4;

    /// <summary>Gradient-ascent steps per octave, default 10.</summary>
    public int StepsPerOctave { get; init; } = 10;

    /// <summary>Step size in 0..255 pixel units, divided by the mean absolute gradient (default 1.5, as the notebook).</summary>
    public double StepSize { get; init; } = 1.5;

    /// <summary>Maximum random roll in pixels applied before each gradient computation (default 32).</summary>
    public int Jitter { get; init; } = 32;

    /// <summary>Largest tile side for the gradient computation; larger images are split so memory stays bounded (default 512).</summary>
    public int TileSize { get; init; } = 512;

    /// <summary>
    /// Tiles are reflect-padded to a multiple of this before the model (default 32), because some networks (the
    /// built-in featurizer with its asymmetric pads) accept only such sizes; 1 disables padding.
    /// </summary>
    public int SizeMultiple { get; init; } = 32;

    /// <summary>Seed of the random rolls.</summary>
    public long Seed { get; init; }

    /// <summary>Keep the image after every step (resized to the input size) for an animation.</summary>
    public bool KeepFrames { get; init; }

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ConvLensException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Octaves < 1)
        {
            throw new ConvLensException($"octaves must be at least 1, got {Octaves}");
        }

        if (!(OctaveScale >= 1.0))
        {
            throw new ConvLensException($"octave scale must be at least 1, got {OctaveScale}");
        }

        if (StepsPerOctave < 1)
        {
            throw new ConvLensException($"steps per octave must be at least 1, got {StepsPerOctave}");
        }

        if (!(StepSize > 0))
        {
            throw new ConvLensException($"step size must be positive, got {StepSize}");
        }

        if (Jitter < 0)
        {
            throw new ConvLensException($"jitter must be 0 or more, got {Jitter}");
        }

        if (SizeMultiple is < 1 or > 256)
        {
            throw new ConvLensException($"size multiple must be between 1 and 256, got {SizeMultiple}");
        }

        if (TileSize < 32)
        {
            throw new ConvLensException($"tile size must be at least 32 px, got {TileSize}");
        }
    }
}
