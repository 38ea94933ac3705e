using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>Any ONNX file given by path, imported into TorchSharp with taps and gradients.</summary>
/// <remarks>
/// Files beside the model state what the ONNX file cannot, for every front end (the explorer has no options for them):
/// <c>MODEL.onnx.input</c> its input (<see cref="InputSpec.FromFile"/>) and <c>MODEL.onnx.labels</c> its class names,
/// one per line (<see cref="ClassLabels.Load"/>), which win over names in the file's metadata.
/// </remarks>
public sealed class OnnxFileModelSource : IModelSource
{
    /// <summary>The suffix of the class-names file beside a model.</summary>
    public const string LabelsSuffix = ".labels";

    /// <inheritdoc/>
    public string Syntax => "a path to an .onnx file; files MODEL.onnx.input (e.g. unit:letterbox) and MODEL.onnx.labels (one class name per line) beside it may state its input and classes";

    /// <inheritdoc/>
    public bool CanLoad(string spec) =>
        spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || File.Exists(spec);

    /// <inheritdoc/>
    public LoadedModel Load(string spec, Device device) =>
        LoadWith(spec, device, File.Exists(spec + InputSpec.SidecarSuffix) ? InputSpec.FromFile(spec + InputSpec.SidecarSuffix) : null);

    /// <inheritdoc/>
    public bool AcceptsInput => true;

    /// <inheritdoc/>
    /// <remarks>The given input wins over a <c>.input</c> file beside the model.</remarks>
    public LoadedModel Load(string spec, Device device, InputSpec input) => LoadWith(spec, device, input);

    private static OnnxModel LoadWith(string spec, Device device, InputSpec? input)
    {
        if (!File.Exists(spec))
        {
            throw new ConvLensException($"model file '{spec}' not found");
        }

        var labels = File.Exists(spec + LabelsSuffix) ? ClassLabels.Load(spec + LabelsSuffix) : null;
        var model = OnnxModelLoader.Load(spec, device, input: input);
        if (labels is not null)
        {
            model.Labels = labels;
        }

        return model;
    }
}
