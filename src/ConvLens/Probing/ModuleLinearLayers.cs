using ConvLens.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Probing;

/// <summary>
/// Recognises the linear layers of a TorchSharp module tree (Conv2d, Linear, BatchNorm2d in eval mode) for
/// <see cref="RunOverrides.LinearLayers"/>, so relevance rules treat TorchVision models as they treat ONNX graphs.
/// </summary>
internal static class ModuleLinearLayers
{
    /// <summary>Whether <paramref name="module"/> is a layer <see cref="Describe"/> reports.</summary>
    public static bool IsLinear(nn.Module module) => module is Conv2d or Linear or BatchNorm2d;

    /// <summary>The call of <paramref name="module"/> (named <paramref name="layer"/>) on <paramref name="input"/>.</summary>
    /// <exception cref="ConvLensException">A convolution whose padding the rules cannot recompute.</exception>
    public static LinearLayerCall Describe(string layer, nn.Module module, Tensor input, Tensor output) => module switch
    {
        Conv2d conv => Convolution(layer, conv, input, output),
        Linear dense => new LinearLayerCall(layer, LinearLayerKind.Dense, input, output, dense.weight, dense.bias, (x, w) => F.linear(x, w, null)),
        BatchNorm2d bn => Normalization(layer, bn, input, output),
        _ => throw new ArgumentException($"{module.GetType().Name} is not a linear layer", nameof(module)),
    };

    private static LinearLayerCall Convolution(string layer, Conv2d conv, Tensor input, Tensor output)
    {
        var padding = conv.padding ?? SamePadding(layer, conv);
        if (conv.padding_mode != PaddingModes.Zeros)
        {
            throw new ConvLensException($"layer '{layer}' pads with {conv.padding_mode}; relevance rules recompute convolutions with zero padding only");
        }

        var (stride, dilation, groups) = (conv.stride, conv.dilation, conv.groups);
        return new LinearLayerCall(layer, LinearLayerKind.Convolution, input, output, conv.weight, conv.bias, (x, w) => F.conv2d(x, w, null, stride, padding, dilation, groups));
    }

    private static long[] SamePadding(string layer, Conv2d conv)
    {
        var pads = conv.kernel_size.Select((k, i) => conv.dilation[i] * (k - 1)).ToArray();
        return pads.All(p => p % 2 == 0)
            ? [.. pads.Select(p => p / 2)]
            : throw new ConvLensException($"layer '{layer}' has 'same' padding with an even kernel (uneven pads); relevance rules cannot recompute it");
    }

    private static LinearLayerCall Normalization(string layer, BatchNorm2d bn, Tensor input, Tensor output)
    {
        if (bn.training || bn.running_mean is null || bn.running_var is null)
        {
            throw new ConvLensException($"layer '{layer}' is a batch normalisation without running statistics or in training mode; relevance rules need it in eval mode");
        }

        var scale = (bn.weight?.detach() ?? ones_like(bn.running_mean)) / (bn.running_var + bn.eps).sqrt();
        var shift = (bn.bias?.detach() ?? zeros_like(bn.running_mean)) - (bn.running_mean * scale);
        return new LinearLayerCall(layer, LinearLayerKind.BatchNorm, input, output, scale, shift, (x, s) => x * LinearLayerCall.AlongChannels(s, x.dim()));
    }
}
