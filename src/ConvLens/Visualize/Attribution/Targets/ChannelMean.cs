using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The mean activation of one channel of any layer (what in the image drives this filter).</summary>
public sealed class ChannelMean : ITarget
{
    /// <summary>Targets channel <paramref name="channel"/> of <paramref name="layer"/> (name or alias).</summary>
    public ChannelMean(string layer, long channel)
        : this(layer, channel, layer)
    {
    }

    private ChannelMean(string layer, long channel, string displayName)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Layer = layer;
        Channel = channel;
        _displayName = displayName;
    }

    private readonly string _displayName;

    /// <summary>The layer (canonical after <see cref="Resolve"/>).</summary>
    public string Layer { get; }

    /// <summary>The channel index.</summary>
    public long Channel { get; }

    /// <inheritdoc/>
    public string Description => $"channel {_displayName}:{Channel}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [Layer];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var canonical = model.ResolveLayer(Layer);
        return new ChannelMean(canonical, Channel, model.DisplayName(canonical));
    }

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var a = run[Layer];
        TargetGuard.CheckIndex(Channel, a.shape[1], $"channel of layer '{Layer}'");
        var c = a[.., Channel];
        return c.dim() > 1 ? c.flatten(1).mean([1]) : c;
    }
}
