using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ConvLens.Models.TorchVision;

/// <summary>
/// TorchVision architectures built by TorchSharp's TorchVision package, with weights from a .safetensors file,
/// a PyTorch state dict (.pt, .pth, .bin) or TorchSharp's own .dat format. Spec: <c>torchvision:NAME[:WEIGHTS]</c>.
/// </summary>
public sealed class TorchVisionModelSource : IModelSource
{
    private const string Prefix = "torchvision:";

    private static readonly Dictionary<string, Func<nn.Module<Tensor, Tensor>>> Architectures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["resnet18"] = () => torchvision.models.resnet18(),
        ["resnet34"] = () => torchvision.models.resnet34(),
        ["resnet50"] = () => torchvision.models.resnet50(),
        ["vgg11"] = () => torchvision.models.vgg11(),
        ["vgg16"] = () => torchvision.models.vgg16(),
        ["alexnet"] = () => torchvision.models.alexnet(),
        ["mobilenet_v2"] = () => torchvision.models.mobilenet_v2(),
    };

    /// <summary>The architecture names this source builds.</summary>
    public static IReadOnlyCollection<string> Names => Architectures.Keys;

    /// <inheritdoc/>
    public string Syntax => $"torchvision:NAME[:WEIGHTS] with NAME one of {string.Join(", ", Architectures.Keys)} and WEIGHTS a .safetensors, .pt/.pth/.bin or .dat file";

    /// <inheritdoc/>
    public bool CanLoad(string spec) => spec.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public LoadedModel Load(string spec, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rest = spec[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? rest : rest[..colon];
        var weights = colon < 0 ? null : rest[(colon + 1)..];
        if (!Architectures.TryGetValue(name, out var build))
        {
            throw new ConvLensException($"unknown torchvision architecture '{name}'; accepted: {string.Join(", ", Architectures.Keys)}");
        }

        if (weights is not null && !File.Exists(weights))
        {
            throw new ConvLensException($"weights file '{weights}' not found");
        }

        var module = build();
        try
        {
            if (weights is not null)
            {
                LoadWeights(module, weights);
            }

            module.to(device);
            return new ModuleModel($"torchvision:{name.ToLowerInvariant()}", module, Preprocessing.ImageNet, AliasesFor(name));
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>Loads a weights file into <paramref name="module"/>, choosing the format by extension.</summary>
    /// <exception cref="ConvLensException">The format is unknown or the file does not match the architecture.</exception>
    public static void LoadWeights(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            switch (ext)
            {
                case ".safetensors":
                    module.load_safetensors(path);
                    break;
                case ".pt" or ".pth" or ".bin":
                    module.load_py(path);
                    break;
                case ".dat":
                    module.load(path);
                    break;
                default:
                    throw new ConvLensException($"weights file '{path}' has an unknown extension '{ext}'; accepted: .safetensors, .pt, .pth, .bin, .dat");
            }
        }
        catch (Exception e) when (e is not ConvLensException)
        {
            throw new ConvLensException($"cannot load weights '{path}': {e.Message.Split('\n')[0]}", e);
        }
    }

    private static Dictionary<string, string> AliasesFor(string name) =>
        name.StartsWith("resnet", StringComparison.OrdinalIgnoreCase)
            ? new() { ["stage1"] = "layer1", ["stage2"] = "layer2", ["stage3"] = "layer3", ["stage4"] = "layer4", ["pool"] = "avgpool" }
            : name.StartsWith("vgg", StringComparison.OrdinalIgnoreCase) || name.Equals("alexnet", StringComparison.OrdinalIgnoreCase)
                ? new() { ["features"] = "features", ["pool"] = "avgpool" }
                : new() { ["features"] = "features" };
}
