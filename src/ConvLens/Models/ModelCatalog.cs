using ConvLens.Models.Onnx;
using ConvLens.Models.TorchVision;
using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>Resolves a model specification (built-in name, ONNX path, torchvision:NAME[:WEIGHTS]) to a loaded model.</summary>
public static class ModelCatalog
{
    /// <summary>The name of the embedded default model.</summary>
    public const string DefaultModel = ResNet18Featurizer.ModelName;

    /// <summary>Every model source, tried in order.</summary>
    public static IReadOnlyList<IModelSource> Sources { get; } =
    [
        new BuiltInModelSource(),
        new TorchVisionModelSource(),
        new OnnxFileModelSource(),
    ];

    /// <summary>Loads the model that <paramref name="spec"/> names.</summary>
    /// <param name="spec">A built-in name, an ONNX path or torchvision:NAME[:WEIGHTS].</param>
    /// <param name="device">Where the model runs; the CPU when null.</param>
    /// <param name="input">How an ONNX file's input is made, instead of what ConvLens assumes; null to assume.</param>
    /// <exception cref="ConvLensException">No source accepts the specification, loading failed, or an input override for a model that brings its own preprocessing.</exception>
    public static LoadedModel Load(string spec, Device? device = null, InputSpec? input = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var source = Sources.FirstOrDefault(s => s.CanLoad(spec))
            ?? throw new ConvLensException(
                $"unknown model '{spec}'; accepted: {string.Join("; ", Sources.Select(s => s.Syntax))}");
        if (input is not null && InputRefusal(spec) is { } refusal)
        {
            throw new ConvLensException(refusal);
        }

        return input is null ? source.Load(spec, device ?? CPU) : source.Load(spec, device ?? CPU, input);
    }

    /// <summary>Why <paramref name="spec"/> takes no <see cref="InputSpec"/>, or null when it does or names no known model.</summary>
    public static string? InputRefusal(string spec) =>
        Sources.FirstOrDefault(s => s.CanLoad(spec)) is { AcceptsInput: false }
            ? $"model '{spec}' brings its own preprocessing; an input override applies to ONNX files only"
            : null;

    /// <summary>Parses a device name such as "cpu" or "cuda:0".</summary>
    /// <exception cref="ConvLensException">The device is not known or not available.</exception>
    public static Device ParseDevice(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            return CPU;
        }

        if (name.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            if (!cuda.is_available())
            {
                throw new ConvLensException($"device '{name}' requested but CUDA is not available in this TorchSharp build; only cpu is");
            }

            return device(name.ToLowerInvariant());
        }

        throw new ConvLensException($"unknown device '{name}'; accepted: cpu, cuda, cuda:N");
    }
}
