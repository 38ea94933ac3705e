using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>ONNX files (<c>path/to/model.onnx</c>) for <see cref="ModelCatalog"/>.</summary>
public sealed class OnnxFileModelSource : IModelSource
{
    /// <inheritdoc/>
    public string Syntax => "a path to an .onnx file";

    /// <inheritdoc/>
    public bool CanLoad(string spec) =>
        spec is not null && (spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || File.Exists(spec));

    /// <inheritdoc/>
    public LoadedModel Load(string spec, Device device) => OnnxModelLoader.Load(spec, device);
}
