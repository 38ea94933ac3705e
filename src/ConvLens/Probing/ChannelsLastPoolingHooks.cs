using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Probing;

/// <summary>
/// Installs <see cref="ChannelsLastPooling"/> on a TorchSharp module tree as permanent hooks on every
/// <c>MaxPool2d</c>. They change how a pool is computed, never what it computes; hooks that a <see cref="Probe"/> adds
/// later for one run fire after these, so taps see the contiguous output.
/// </summary>
internal static class ChannelsLastPoolingHooks
{
    /// <summary>Registers the hooks on every 2-D max pool below <paramref name="root"/>; they live as long as the module.</summary>
    public static void Install(nn.Module root)
    {
        foreach (var (_, module) in root.named_modules())
        {
            if (module is TorchSharp.Modules.MaxPool2d pool)
            {
                pool.register_forward_pre_hook((_, input) => ChannelsLastPooling.Applies(input) ? ChannelsLastPooling.ToChannelsLast(input) : input);
                pool.register_forward_hook((_, _, output) => output.contiguous());
            }
        }
    }
}
