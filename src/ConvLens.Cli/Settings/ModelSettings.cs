using System.ComponentModel;
using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of every command that works on a model.</summary>
public class ModelSettings : OutputSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("resnet18-featurizer (built in), a path to an .onnx file, or torchvision:NAME[[:WEIGHTS]] (NAME: resnet18, resnet34, resnet50, vgg11, vgg16, alexnet, mobilenet_v2; WEIGHTS: .safetensors, .pt/.pth state dict or TorchSharp .dat).")]
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

    /// <summary>Loads the model these settings name, on their device, with their labels file.</summary>
    public LoadedModel LoadModel()
    {
        var model = ModelCatalog.Load(Model, ModelCatalog.ParseDevice(Device));
        try
        {
            if (Labels is not null)
            {
                model.Labels = ClassLabels.Load(Labels);
            }

            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public override ValidationResult Validate() =>
        Device.StartsWith("cpu", StringComparison.OrdinalIgnoreCase) || Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase)
            ? ValidationResult.Success()
            : ValidationResult.Error($"--device must be cpu or cuda[:N], got '{Device}'");
}
