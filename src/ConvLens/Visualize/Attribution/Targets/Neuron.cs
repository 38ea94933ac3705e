using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>One spatial neuron: channel <c>c</c> at row <c>y</c>, column <c>x</c> of a layer.</summary>
public sealed class Neuron : ITarget
{
    /// <summary>Targets the activation at (<paramref name="channel"/>, <paramref name="y"/>, <paramref name="x"/>) of <paramref name="layer"/>.</summary>
    public Neuron(string layer, long channel, long y, long x)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Layer = layer;
        Channel = channel;
        Y = y;
        X = x;
    }

    /// <summary>The layer (canonical after <see cref="Resolve"/>).</summary>
    public string Layer { get; }

    /// <summary>The channel.</summary>
    public long Channel { get; }

    /// <summary>The row in the layer's grid.</summary>
    public long Y { get; }

    /// <summary>The column in the layer's grid.</summary>
    public long X { get; }

    /// <inheritdoc/>
    public string Description => $"neuron {Layer}:{Channel}@{Y},{X}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [Layer];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Neuron(model.ResolveLayer(Layer), Channel, Y, X);
    }

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var a = run[Layer];
        if (a.dim() != 4)
        {
            throw new ConvLensException($"layer '{Layer}' has no spatial extent (shape [{string.Join(",", a.shape)}]); use a channel target");
        }

        TargetGuard.CheckIndex(Channel, a.shape[1], $"channel of layer '{Layer}'");
        TargetGuard.CheckIndex(Y, a.shape[2], $"row of layer '{Layer}'");
        TargetGuard.CheckIndex(X, a.shape[3], $"column of layer '{Layer}'");
        return a[.., Channel, Y, X];
    }
}
