using System.Threading.Channels;
using ConvLens.Models;

namespace ConvLens.Visualize.Statistics;

/// <summary>
/// A slice of a dataset as a stream of decoded batches, in order: decode threads fill a bounded queue while the
/// caller runs the model on the batch before, so memory stays flat in the number of images.
/// </summary>
/// <remarks>
/// Batches are whole <see cref="DatasetStatisticsOptions.BatchSize"/> runs of the slice (the last may be shorter),
/// so a reader sees the same batches whatever it does with them. Decoding starts at the first
/// <see cref="Next"/>, so a stream opened early costs nothing until it is read.
/// </remarks>
internal sealed class DatasetBatches : IDisposable
{
    private readonly IReadOnlyList<string> _images;
    private readonly Preprocessing _preprocessing;
    private readonly DatasetStatisticsOptions _options;
    private readonly BatchDecoder _decoder;
    private readonly Channel<DatasetBatch> _queue;
    private readonly CancellationToken _ct;
    private readonly CancellationTokenSource _stop;
    private readonly List<SkippedFile> _skipped = [];
    private Task? _producer;

    /// <summary>Opens images [Start, End) of <paramref name="images"/>, decoded for <paramref name="preprocessing"/>.</summary>
    public DatasetBatches(IReadOnlyList<string> images, Preprocessing preprocessing, (long Start, long End) range, DatasetStatisticsOptions options, CancellationToken ct)
    {
        _images = images;
        _preprocessing = preprocessing;
        _options = options;
        _decoder = new BatchDecoder(images, preprocessing, options.DecodeThreads);
        Range = range;
        _queue = Channel.CreateBounded<DatasetBatch>(new BoundedChannelOptions(options.PrefetchBatches)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _ct = ct;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    /// <summary>The slice [Start, End) of the dataset, by global image index.</summary>
    public (long Start, long End) Range { get; }

    /// <summary>Images per batch (the last batch may hold fewer).</summary>
    public int BatchSize => _options.BatchSize;

    /// <summary>Unreadable files of the batches read so far, in dataset order.</summary>
    public IReadOnlyList<SkippedFile> Skipped => _skipped;

    /// <summary>The next batch, or null after the last; the caller disposes it.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public DatasetBatch? Next()
    {
        _producer ??= Task.Run(() => Produce(_stop.Token), _stop.Token);
        while (true)
        {
            _ct.ThrowIfCancellationRequested();
            if (_queue.Reader.TryRead(out var batch))
            {
                // Counted when handed out, not when decoded: the list then matches what the reader has seen.
                _skipped.AddRange(batch.Skipped);
                return batch;
            }

            if (!_queue.Reader.WaitToReadAsync(_ct).AsTask().GetAwaiter().GetResult())
            {
                _producer.GetAwaiter().GetResult();
                return null;
            }
        }
    }

    /// <summary>Opens another slice of the same dataset with the same settings.</summary>
    public DatasetBatches Reopen((long Start, long End) range) => new(_images, _preprocessing, range, _options, _ct);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer?.Wait(CancellationToken.None);
        }
        catch (AggregateException)
        {
            // The producer's own failure or cancellation surfaces through Next; here it is only awaited.
        }

        _stop.Dispose();
    }

    private async Task Produce(CancellationToken ct)
    {
        try
        {
            for (var first = Range.Start; first < Range.End; first += BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var count = (int)Math.Min(BatchSize, Range.End - first);
                await _queue.Writer.WriteAsync(_decoder.Decode(first, count, ct), ct).ConfigureAwait(false);
            }

            _queue.Writer.Complete();
        }
        catch (Exception e)
        {
            _queue.Writer.Complete(e);
        }
    }
}
