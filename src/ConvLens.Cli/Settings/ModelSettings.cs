using System.ComponentModel;
using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of every command that works on a model.</summary>
public class ModelSettings : OutputSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("The network to look into: the built-in model, an ONNX file or a TorchVision architecture (see MODEL below).")]
    public string Model { get; init; } = "resnet18-featurizer";

    [CommandOption("--device <DEVICE>")]
    [Description("Device to run on: cpu (default) or cuda[[:N]] when the installed TorchSharp supports it.")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--seed <N>")]
    [Description("Random seed, for results that can be reproduced exactly.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--labels <FILE>")]
    [Description("Class labels file, one name per line (line k names output k); lets targets be given by name.")]
    public string? Labels { get; init; }

    [CommandOption("--input <INPUT>")]
    [Description("How an ONNX file wants its input, instead of what ConvLens assumes (ImageNet's normalisation, or an Ultralytics file's metadata); see INPUT below.")]
    public string? Input { get; init; }

    [CommandOption("--engine <ENGINE>")]
    [Description("Which engine runs the model (see ENGINE below).")]
    [DefaultValue("auto")]
    [TypeConverter(typeof(ChoiceConverter<ModelEngine>))]
    public ModelEngine Engine { get; init; } = ModelEngine.Auto;

    /// <summary>What in the command needs gradients (e.g. "method grad-cam"), or null: <c>--engine ort</c> cannot run it.</summary>
    protected virtual string? NeedsGradients => null;

    /// <summary>The layer names the command's options give (<c>--layer</c>), checked against the model as soon as it is loaded.</summary>
    protected virtual IEnumerable<string> LayerOptions => [];

    /// <summary>Loads the model these settings name, on their device, with their labels file, and checks their layers.</summary>
    /// <exception cref="ConvLensException">The model cannot be loaded, or a <c>--layer</c> names no layer of it.</exception>
    public LoadedModel LoadModel()
    {
        var model = ModelCatalog.Load(Model, ModelCatalog.ParseDevice(Device), Input is null ? null : InputSpec.Parse(Input));

        try
        {
            if (Labels is not null)
            {
                model.Labels = ClassLabels.Load(Labels);
            }

            foreach (var layer in LayerOptions)
            {
                CheckLayer(model, layer);
            }

            try
            {
                model.Engine = Engine;
            }
            catch (ConvLensException e)
            {
                throw new ConvLensException($"--engine {ChoiceConverter<ModelEngine>.Names[(int)Engine]}: {e.Message}", e);
            }

            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public override ValidationResult Validate()
    {
        if (Engine == ModelEngine.Ort && NeedsGradients is { } what)
        {
            return ValidationResult.Error($"--engine ort: {what} needs gradients, which ONNX Runtime does not compute; use --engine auto or torch");
        }

        var input = Input is null ? ValidationResult.Success()
            : ModelCatalog.InputRefusal(Model) is { } refusal ? ValidationResult.Error($"--input: {refusal}")
            : OptionValidation.Of("--input", () => InputSpec.Parse(Input));
        return input.Successful ? OptionValidation.Of("--device", () => ModelCatalog.ParseDevice(Device)) : input;
    }

    private void CheckLayer(LoadedModel model, string layer)
    {
        try
        {
            model.ResolveLayer(layer);
        }
        catch (ConvLensException e)
        {
            throw new ConvLensException($"--layer: {e.Message}; `convlens inspect {Model}` lists every layer", e);
        }
    }
}
