using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>One batch of a <see cref="DatasetBatches"/> stream: the images that decoded, their pixels, the files that did not.</summary>
/// <remarks>The pixels live in a pooled buffer; disposing the batch hands it back for a later batch to decode into.</remarks>
internal sealed class DatasetBatch : IDisposable
{
    private readonly float[] _pixels;
    private readonly int _height;
    private readonly int _width;
    private ConcurrentBag<float[]>? _pool;

    public DatasetBatch(long[] indices, float[] pixels, IReadOnlyList<SkippedFile> skipped, (int Height, int Width) size, ConcurrentBag<float[]> pool)
    {
        Indices = indices;
        Skipped = skipped;
        _pixels = pixels;
        (_height, _width) = size;
        _pool = pool;
    }

    /// <summary>Global dataset indices of the decoded images, in order; empty when every file of the batch was bad.</summary>
    public long[] Indices { get; }

    /// <summary>Files of this batch that could not be read, with reasons.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>The pixels as [N,3,H,W], RGB in 0..1, in the caller's dispose scope.</summary>
    public Tensor ToTensor()
    {
        ObjectDisposedException.ThrowIf(_pool is null, this);
        return tensor(_pixels, [Indices.Length, 3, _height, _width]);
    }

    public void Dispose()
    {
        _pool?.Add(_pixels);
        _pool = null;
    }
}
