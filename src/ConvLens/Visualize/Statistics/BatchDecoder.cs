using System.Collections.Concurrent;
using ConvLens.Imaging;
using ConvLens.Models;

namespace ConvLens.Visualize.Statistics;

/// <summary>Decodes consecutive dataset images on several threads into one pooled buffer per batch.</summary>
/// <remarks>One bad file never stops a dataset run: it is listed with its reason and the batch closes the gap.</remarks>
internal sealed class BatchDecoder(IReadOnlyList<string> images, Preprocessing preprocessing, int threads)
{
    private readonly ConcurrentBag<float[]> _buffers = [];
    private readonly int _plane = 3 * preprocessing.Height * preprocessing.Width;

    /// <summary>Decodes images [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>).</summary>
    public DatasetBatch Decode(long first, int count, CancellationToken ct)
    {
        var plane = _plane;
        // Images decode straight into a pooled batch buffer (flat memory, no per-image arrays).
        if (!_buffers.TryTake(out var packed) || packed.Length != count * plane)
        {
            packed = new float[count * plane];
        }

        var reasons = new string?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct }, i =>
        {
            var path = images[(int)(first + i)];
            try
            {
                ImageBatchLoader.LoadInto(path, preprocessing, packed.AsSpan(i * plane, plane));
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                reasons[i] = e is ConvLensException ? e.Message : $"cannot read image '{path}': {e.Message}";
            }
        });

        var indices = new List<long>(count);
        var skipped = new List<SkippedFile>();
        for (var i = 0; i < count; i++)
        {
            if (reasons[i] is { } reason)
            {
                skipped.Add(new SkippedFile(images[(int)(first + i)], reason));
                continue;
            }

            if (indices.Count != i)
            {
                // Close the gap a bad file left; slots only move down, so nothing is overwritten unread.
                Array.Copy(packed, i * plane, packed, indices.Count * plane, plane);
            }

            indices.Add(first + i);
        }

        if (indices.Count != count)
        {
            // A batch shortened by bad files gets an exact-size buffer; the pooled one goes back for reuse.
            var exact = packed[..(indices.Count * plane)];
            _buffers.Add(packed);
            packed = exact;
        }

        return new DatasetBatch([.. indices], packed, skipped, (preprocessing.Height, preprocessing.Width), _buffers);
    }
}
