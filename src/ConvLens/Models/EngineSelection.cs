using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>Decides, per run, whether ONNX Runtime or libtorch computes it, and explains the choices.</summary>
/// <remarks>
/// A run can only be backpropagated when autograd records it, so <see cref="ModelEngine.Auto"/> hands ONNX Runtime
/// only the runs made inside <c>no_grad</c>: that is how every forward-only caller (statistics, feature maps, the
/// masked and occluded forwards of Score-CAM, occlusion and the faithfulness metrics) runs, and no gradient method
/// does. Overrides change values inside the graph, which ONNX Runtime cannot, so they always go to libtorch.
/// </remarks>
public static class EngineSelection
{
    /// <summary>The engines with what each does, for help texts.</summary>
    public static IReadOnlyList<SyntaxForm> Forms { get; } =
        [.. Enum.GetValues<ModelEngine>().Select(e => new SyntaxForm(e.ToString().ToLowerInvariant(), Describe(e)))];

    private static string Describe(ModelEngine engine) => engine switch
    {
        ModelEngine.Auto => "ONNX Runtime for forward-only work on ONNX models (statistics, feature maps, Score-CAM, occlusion, metrics); libtorch for gradients and overrides",
        ModelEngine.Torch => "libtorch (TorchSharp) for everything",
        _ => "ONNX Runtime for everything: ONNX models and methods without gradients only",
    };

    /// <summary>True when ONNX Runtime should compute this run; throws when the model's engine is forced and cannot.</summary>
    /// <param name="model">The model, whose <see cref="LoadedModel.Engine"/> decides.</param>
    /// <param name="images">The run's images: one that requires a gradient rules ONNX Runtime out.</param>
    /// <param name="overrides">The run's overrides, or null.</param>
    /// <exception cref="ConvLensException">The engine is <see cref="ModelEngine.Ort"/> and the run needs gradients or overrides.</exception>
    internal static bool UsesOrt(LoadedModel model, Tensor images, RunOverrides? overrides)
    {
        switch (model.Engine)
        {
            case ModelEngine.Torch:
                return false;
            case ModelEngine.Ort:
                if (overrides is not null)
                {
                    throw new ConvLensException(
                        $"model '{model.Name}' runs on ONNX Runtime, which cannot apply overrides (ablation, guided backpropagation); use the auto or torch engine");
                }

                if (is_grad_enabled() && (images.requires_grad || model.NamedParameters().Any(p => p.Parameter.requires_grad)))
                {
                    throw new ConvLensException(
                        $"model '{model.Name}' runs on ONNX Runtime, which computes no gradients; methods that need them need the auto or torch engine");
                }

                return true;
            default:
                return overrides is null && !is_grad_enabled() && model.OrtUnavailableReason is null;
        }
    }
}
