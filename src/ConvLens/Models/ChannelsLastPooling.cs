using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>
/// The rule for 2-D max pooling: pool a channels-last copy of the input when no gradient flows through it, and hand
/// back a contiguous result. The ONNX importer's MaxPool applies it directly; TorchSharp modules get it through
/// permanent hooks (<see cref="Probing.ChannelsLastPoolingHooks"/>).
/// </summary>
/// <remarks>
/// libtorch 2.10's CPU <c>max_pool2d</c> is about 5x slower on NCHW memory than on channels-last memory (ResNet's
/// stem at batch 8: 29 ms against 6 ms including both copies), while its backward is the slower one on
/// channels-last memory (forward and backward of that stem: 76 against 35 ms), so only pools that no gradient flows
/// through are moved. A maximum does not depend on
/// memory order, so the result is exact.
/// </remarks>
internal static class ChannelsLastPooling
{
    /// <summary>True for a 4-D input that no gradient flows through: backward through a channels-last pool is the slow direction.</summary>
    public static bool Applies(Tensor input) => input.dim() == 4 && !GradientPath.Records(input);

    /// <summary>The same values, laid out channels-last (NHWC memory, NCHW shape).</summary>
    public static Tensor ToChannelsLast(Tensor input) => input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}
