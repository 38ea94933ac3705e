using System.ComponentModel;
using ConvLens.Visualize.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of every command that streams a dataset through chosen layers, in shards if asked (stats, atlas).</summary>
public class DatasetJobSettings : LayerLayoutSettings
{
    [CommandArgument(1, "<DATASET>")]
    [Description("A folder of images (searched recursively; .jpg .jpeg .png .webp .bmp) or a text file with one image path per line.")]
    public string Dataset { get; init; } = string.Empty;

    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer name or alias to measure (repeat for several).")]
    public string[] Layers { get; init; } = [];

    [CommandOption("--batch <N>")]
    [Description("Images per forward pass. Default: 16. Shards merge exactly when they use the same batch size.")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--shard <I/N|auto>")]
    [Description(ShardOptionText.Shard)]
    public string? ShardText { get; init; }

    [CommandOption("--shards <N>")]
    [Description(ShardOptionText.Shards)]
    public int? Shards { get; init; }

    /// <summary>The shard to process (the whole dataset by default).</summary>
    public Shard Shard => ShardEnvironment.Resolve(ShardText, Shards, System.Environment.GetEnvironmentVariable);

    protected override IEnumerable<string> LayerOptions => Layers;

    public override ValidationResult Validate()
    {
        if (Layers.Length == 0)
        {
            return ValidationResult.Error("give at least one --layer (see `convlens inspect MODEL` for names)");
        }

        return Batch is < 1 or > 4096
            ? ValidationResult.Error($"--batch must be 1..4096, got {Batch}")
            : OptionValidation.FirstError(
                () => OptionValidation.Of("--shard", () => _ = Shard),
                () => base.Validate());
    }
}
