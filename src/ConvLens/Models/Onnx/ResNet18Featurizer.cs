using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>
/// The built-in <c>resnet18-featurizer</c>: the ImageNet-pretrained ResNet18 (CNTK export, opset 8) that NuGet
/// package Microsoft.ML.DnnImageFeaturizer.ResNet18 ships, with its own preprocessing and friendly aliases.
/// </summary>
/// <remarks>
/// The graph has no classifier head: its output <c>pool</c> is a 512-d embedding. Its preprocessing takes RGB in
/// 0..255, reorders to BGR and subtracts a 224x224 mean image, read from the package's ResNetPreprocess.onnx.
/// </remarks>
public static class ResNet18Featurizer
{
    /// <summary>The model's name in reports and on the command line.</summary>
    public const string ModelName = "resnet18-featurizer";

    /// <summary>Path of ResNet18.onnx in the application's output folder.</summary>
    public static string ModelPath => ModelFile(AppContext.BaseDirectory);

    /// <summary>Path of ResNetPreprocess.onnx (which holds the mean image) in the application's output folder.</summary>
    public static string PreprocessPath => PreprocessFile(AppContext.BaseDirectory);

    /// <summary>Friendly layer names: the first conv block's ReLU, the four residual stages and the pooled output.</summary>
    public static IReadOnlyDictionary<string, string> LayerAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["conv1"] = "ReLU253_Output_0",
        ["stage1"] = "ReLU283_Output_0",
        ["stage2"] = "ReLU315_Output_0",
        ["stage3"] = "ReLU347_Output_0",
        ["stage4"] = "ReLU393_Output_0",
        ["pool"] = "Pooling395_Output_0",
    };

    /// <summary>Loads the built-in model onto <paramref name="device"/> (CPU when null).</summary>
    /// <exception cref="ConvLensException">The model files are missing from the application's folder.</exception>
    public static OnnxModel Load(Device? device = null) => LoadFrom(AppContext.BaseDirectory, device);

    /// <summary>Loads the model from the DnnImageModels folder under <paramref name="baseDirectory"/>.</summary>
    internal static OnnxModel LoadFrom(string baseDirectory, Device? device = null)
    {
        var modelPath = ModelFile(baseDirectory);
        var preprocessPath = PreprocessFile(baseDirectory);
        foreach (var path in new[] { modelPath, preprocessPath })
        {
            if (!File.Exists(path))
            {
                throw new ConvLensException(
                    $"the built-in model file '{path}' is missing; it is copied there at build time from NuGet package " +
                    "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (rebuild the application, or load an .onnx file instead)");
            }
        }

        var preprocessing = new Preprocessing
        {
            Height = 224,
            Width = 224,
            Resize = ResizeMode.Stretch,
            Order = ChannelOrder.Bgr,
            Scale = 255f,
            MeanImage = ReadMeanImage(preprocessPath),
        };
        var graph = OnnxModelLoader.LoadGraph(modelPath, out var proto, device);
        try
        {
            var missing = LayerAliases.Values.Where(v => !graph.HasValue(v)).ToList();
            return missing.Count > 0
                ? throw new ConvLensException($"{Path.GetFileName(modelPath)} is not the expected ResNet18 featurizer: missing {string.Join(", ", missing)}")
                : new OnnxModel(ModelName, graph, preprocessing, LayerAliases) { Proto = proto };
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>The [3,224,224] BGR mean image (0..255 scale) of ResNetPreprocess.onnx.</summary>
    private static float[] ReadMeanImage(string preprocessPath)
    {
        var model = OnnxModelLoader.ReadModel(preprocessPath);
        var proto = model.Graph.Initializer.FirstOrDefault(i => i.Name == "MeanImage")
            ?? throw new ConvLensException($"{Path.GetFileName(preprocessPath)} has no MeanImage initializer");
        using var mean = TensorProtoReader.Read(proto);
        return mean.numel() == 3 * 224 * 224
            ? mean.to_type(ScalarType.Float32).contiguous().data<float>().ToArray()
            : throw new ConvLensException($"{Path.GetFileName(preprocessPath)}: MeanImage has shape [{string.Join(",", mean.shape)}], expected [1,3,224,224]");
    }

    private static string ModelFile(string dir) => Path.Combine(dir, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    private static string PreprocessFile(string dir) => Path.Combine(dir, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");
}
