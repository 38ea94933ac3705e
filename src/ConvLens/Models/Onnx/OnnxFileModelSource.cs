using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>Any ONNX file given by path, imported into TorchSharp with taps and gradients.</summary>
public sealed class OnnxFileModelSource : IModelSource
{
    /// <inheritdoc/>
    public string Syntax => "a path to an .onnx file";

    /// <inheritdoc/>
    public bool CanLoad(string spec) =>
        spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || File.Exists(spec);

    /// <inheritdoc/>
    public LoadedModel Load(string spec, Device device) =>
        File.Exists(spec)
            ? OnnxModelLoader.Load(spec, device)
            : throw new ConvLensException($"model file '{spec}' not found");

    /// <inheritdoc/>
    public LoadedModel Load(string spec, Device device, InputSpec input) =>
        File.Exists(spec)
            ? OnnxModelLoader.Load(spec, device, input: input)
            : throw new ConvLensException($"model file '{spec}' not found");
}
