using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>Any ONNX file given by path, imported into TorchSharp with taps and gradients.</summary>
public sealed class OnnxFileModelSource : IModelSource
{
    /// <inheritdoc/>
    public string Syntax => "a path to an .onnx file; a file MODEL.onnx.input beside it may state its input (e.g. unit:letterbox)";

    /// <inheritdoc/>
    public bool CanLoad(string spec) =>
        spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || File.Exists(spec);

    /// <inheritdoc/>
    /// <remarks>A file <c>MODEL.onnx.input</c> beside the model states its input (<see cref="InputSpec.FromFile"/>), for every front end.</remarks>
    public LoadedModel Load(string spec, Device device) =>
        !File.Exists(spec) ? throw new ConvLensException($"model file '{spec}' not found")
        : File.Exists(spec + InputSpec.SidecarSuffix) ? OnnxModelLoader.Load(spec, device, input: InputSpec.FromFile(spec + InputSpec.SidecarSuffix))
        : OnnxModelLoader.Load(spec, device);

    /// <inheritdoc/>
    public bool AcceptsInput => true;

    /// <inheritdoc/>
    /// <remarks>The given input wins over a <c>.input</c> file beside the model.</remarks>
    public LoadedModel Load(string spec, Device device, InputSpec input) =>
        File.Exists(spec)
            ? OnnxModelLoader.Load(spec, device, input: input)
            : throw new ConvLensException($"model file '{spec}' not found");
}
