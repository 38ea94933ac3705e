namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Options of a maximize job, named as <c>convlens maximize</c>'s (channels as a JSON list).</summary>
internal sealed class MaximizeJobOptions
{
    /// <summary>Layer whose channels to visualise; <c>--layer</c>.</summary>
    public string? Layer { get; set; }

    /// <summary>Channels, one image each; <c>--channels</c>.</summary>
    public int[] Channels { get; set; } = [0, 1, 2, 3];

    /// <summary>Instead of layer/channels: one objective such as <c>channel:stage3:12 - 0.05*tv</c>; <c>--objective</c>.</summary>
    public string? Objective { get; set; }

    /// <summary>The centre neuron instead of the channel mean; <c>--neuron</c>.</summary>
    public bool Neuron { get; set; }

    /// <summary>Longer side of the images; <c>--size</c>.</summary>
    public int Size { get; set; } = 128;

    /// <summary>Optimisation steps; <c>--steps</c>.</summary>
    public int Steps { get; set; } = 512;

    /// <summary>Adam learning rate; <c>--lr</c>.</summary>
    public double Lr { get; set; } = 0.05;

    /// <summary><c>fourier</c> or <c>pixel</c>; <c>--param</c>.</summary>
    public string Param { get; set; } = "fourier";

    /// <summary>Optimise in decorrelated colour space; false is <c>--no-decorrelate</c>.</summary>
    public bool Decorrelate { get; set; } = true;

    /// <summary><c>standard</c> or <c>none</c>; <c>--transforms</c>.</summary>
    public string Transforms { get; set; } = "standard";

    /// <summary>Square size the transformed image is resized to before the model (0: never); <c>--upsample</c>.</summary>
    public int Upsample { get; set; } = 224;

    /// <summary>Weight of the diversity term; <c>--diversity</c>.</summary>
    public double Diversity { get; set; }

    /// <summary>Channels optimised together; <c>--batch</c>.</summary>
    public int Batch { get; set; } = 8;

    /// <summary>Seed; <c>--seed</c>.</summary>
    public int Seed { get; set; }

    /// <summary>A live picture every this many steps (web only); 0 picks about 64 pictures per run.</summary>
    public int FrameEvery { get; set; }
}
