namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Options of a dream job, named as <c>convlens dream</c>'s.</summary>
internal sealed class DreamOptions
{
    /// <summary>Layer to amplify; <c>--layer</c>.</summary>
    public string Layer { get; set; } = "stage3";

    /// <summary>One channel instead of the whole layer; <c>--channel</c>.</summary>
    public int? Channel { get; set; }

    /// <summary>Image scales; <c>--octaves</c>.</summary>
    public int Octaves { get; set; } = 4;

    /// <summary>Size ratio between octaves; <c>--scale</c>.</summary>
    public double Scale { get; set; } = 1.4;

    /// <summary>Steps per octave; <c>--steps</c>.</summary>
    public int Steps { get; set; } = 10;

    /// <summary>Step size in 0..255 units; <c>--step-size</c>.</summary>
    public double StepSize { get; set; } = 1.5;

    /// <summary>Largest random roll in pixels; <c>--jitter</c>.</summary>
    public int Jitter { get; set; } = 32;

    /// <summary>Largest tile side; <c>--tile</c>.</summary>
    public int Tile { get; set; } = 512;

    /// <summary>Shrink the photo so its longer side is at most this first; <c>--max-size</c> (the web's default keeps jobs short).</summary>
    public int? MaxSize { get; set; } = 512;

    /// <summary>Seed of the random rolls; <c>--seed</c>.</summary>
    public int Seed { get; set; }
}
