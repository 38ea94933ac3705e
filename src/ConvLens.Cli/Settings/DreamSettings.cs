using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens dream</c>.</summary>
public sealed class DreamSettings : ModelSettings
{
    [CommandArgument(1, "<IMAGE>")]
    [Description("The photograph to dream on (PNG, JPEG, WebP or BMP).")]
    public string Image { get; init; } = string.Empty;

    [CommandOption("--layer <LAYER>")]
    [Description("Layer to amplify (canonical name or alias such as stage3). See `convlens inspect`.")]
    [DefaultValue("stage3")]
    public string Layer { get; init; } = "stage3";

    [CommandOption("--channel <C>")]
    [Description("Amplify one channel of the layer instead of the whole layer.")]
    public int? Channel { get; init; }

    [CommandOption("--octaves <N>")]
    [Description("Number of octaves (image scales).")]
    [DefaultValue(4)]
    public int Octaves { get; init; } = 4;

    [CommandOption("--scale <RATIO>")]
    [Description("Size ratio between octaves.")]
    [DefaultValue(1.4)]
    public double Scale { get; init; } = 1.4;

    [CommandOption("--steps <N>")]
    [Description("Gradient-ascent steps per octave.")]
    [DefaultValue(10)]
    public int Steps { get; init; } = 10;

    [CommandOption("--step-size <S>")]
    [Description("Step in 0..255 pixel units, divided by the mean absolute gradient.")]
    [DefaultValue(1.5)]
    public double StepSize { get; init; } = 1.5;

    [CommandOption("--jitter <PIXELS>")]
    [Description("Largest random roll before each step.")]
    [DefaultValue(32)]
    public int Jitter { get; init; } = 32;

    [CommandOption("--tile <PIXELS>")]
    [Description("Largest tile for the gradient computation (bounds memory on large images).")]
    [DefaultValue(512)]
    public int Tile { get; init; } = 512;

    [CommandOption("--max-size <PIXELS>")]
    [Description("Shrink the photograph first so its longer side is at most PIXELS (keeps the aspect ratio).")]
    public int? MaxSize { get; init; }

    [CommandOption("--gif")]
    [Description("Also write dream.gif: every step of the dream.")]
    public bool Gif { get; init; }

    protected override IEnumerable<string> LayerOptions => [Layer];

    /// <inheritdoc/>
    protected override string? NeedsGradients => "DeepDream";

    public override ValidationResult Validate()
    {
        string? error = null;
        error ??= Octaves is < 1 or > 12 ? $"--octaves must be between 1 and 12, got {Octaves}" : null;
        error ??= Scale is < 1 or > 4 ? $"--scale must be between 1 and 4, got {Scale}" : null;
        error ??= Steps is < 1 or > 1000 ? $"--steps must be between 1 and 1000, got {Steps}" : null;
        error ??= StepSize <= 0 ? $"--step-size must be positive, got {StepSize}" : null;
        error ??= Jitter < 0 ? $"--jitter must be 0 or more, got {Jitter}" : null;
        error ??= Tile < 32 ? $"--tile must be at least 32, got {Tile}" : null;
        error ??= MaxSize is < 32 or > 8192 ? $"--max-size must be between 32 and 8192, got {MaxSize}" : null;
        error ??= Channel < 0 ? $"--channel must be 0 or more, got {Channel}" : null;
        return error is null ? base.Validate() : ValidationResult.Error(error);
    }
}
