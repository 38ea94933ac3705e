using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>The embedded default: the ImageNet-pretrained ResNet18 featurizer with its preprocessing built in.</summary>
public sealed class BuiltInModelSource : IModelSource
{
    /// <inheritdoc/>
    public string Syntax => ResNet18Featurizer.ModelName + " (built in)";

    /// <inheritdoc/>
    public bool CanLoad(string spec) => string.Equals(spec, ResNet18Featurizer.ModelName, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public LoadedModel Load(string spec, Device device) => ResNet18Featurizer.Load(device);
}
