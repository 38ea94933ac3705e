using System.Buffers;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>A batch of activations copied once to managed memory as [N, C, P] floats (P = H·W, or 1 for [N,C]).</summary>
/// <remarks>
/// The accumulators of one layer share one copy: plain loops over managed memory cost less than dozens of tiny
/// tensor ops, which wait on libtorch's thread hand-offs (ten times longer on busy shared cores). The buffer is
/// pooled, so a batch does not allocate a large array; dispose to hand it back.
/// </remarks>
internal sealed class HostActivations : IDisposable
{
    private float[]? _values;

    private HostActivations(float[] values, long images, int channels, int width, int positions)
    {
        _values = values;
        Images = images;
        Channels = channels;
        Width = width;
        Positions = positions;
    }

    /// <summary>Images N of the batch.</summary>
    public long Images { get; }

    /// <summary>Channels C.</summary>
    public int Channels { get; }

    /// <summary>Width W of a plane (1 for [N,C] activations): position p is at row p / W, column p % W.</summary>
    public int Width { get; }

    /// <summary>Positions P per plane (H·W, or 1).</summary>
    public int Positions { get; }

    /// <summary>Copies [N,C,H,W] or [N,C] activations (any float type, any device); the tensor is not changed.</summary>
    /// <exception cref="ConvLensException">The tensor is not 2-D or 4-D.</exception>
    public static HostActivations Copy(Tensor activations)
    {
        if (activations.dim() is not (2 or 4))
        {
            throw new ConvLensException($"activations must be [N,C,H,W] or [N,C], got [{string.Join(",", activations.shape)}]");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var width = activations.dim() == 4 ? (int)activations.shape[3] : 1;
        var x = activations.detach();
        x = (x.dim() == 4 ? x.flatten(2) : x.unsqueeze(2)).to(ScalarType.Float32).cpu().contiguous();
        // One block copy out of native memory (TensorAccessor.ToArray goes element by element: 4x slower).
        var native = MemoryMarshal.Cast<byte, float>(x.bytes);
        var values = ArrayPool<float>.Shared.Rent(native.Length);
        native.CopyTo(values);
        return new HostActivations(values, x.shape[0], (int)x.shape[1], width, (int)x.shape[2]);
    }

    /// <summary>The P values of channel <paramref name="channel"/> of image <paramref name="image"/> (0-based in the batch).</summary>
    public ReadOnlySpan<float> Plane(long image, int channel)
    {
        ObjectDisposedException.ThrowIf(_values is null, this);
        return _values.AsSpan((int)(((image * Channels) + channel) * Positions), Positions);
    }

    public void Dispose()
    {
        if (_values is not null)
        {
            ArrayPool<float>.Shared.Return(_values);
            _values = null;
        }
    }
}
