using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>Whether autograd will record an op: some kernels are fastest one way on the gradient path and another way off it.</summary>
internal static class GradientPath
{
    /// <summary>True when gradients are enabled on this thread and any of <paramref name="inputs"/> requires one.</summary>
    public static bool Records(params Tensor[] inputs) => is_grad_enabled() && inputs.Any(t => t.requires_grad);
}
