using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>
/// A mergeable streaming accumulator of per-channel activation statistics over a sequence of images:
/// count, mean, standard deviation, min, max, fraction of positions above the threshold, fraction of images
/// where the channel fires anywhere, and a fixed-bin histogram.
/// </summary>
/// <remarks>
/// Every image has a global index (its position in the dataset). Each image contributes a partial
/// (count, mean, M2) per channel computed in double; partials are combined with Chan et al.'s parallel
/// update over a <em>dyadic tree keyed by the global index</em> (a binary counter), so the value of every
/// tree node depends only on the images it covers. Accumulating images 0..N in one run, or in contiguous
/// shards merged afterwards, therefore performs the same floating-point operations in the same order and
/// gives bit-identical results. Counts, min, max and histograms are order-independent by nature.
/// </remarks>
public sealed class ChannelStatistics
{
    private readonly List<Block> _blocks = [];
    private readonly float[] _min;
    private readonly float[] _max;
    private readonly long[] _positive;
    private readonly long[] _firingImages;
    private readonly long[] _histogram; // [channel, bins + 2]: underflow, bins..., overflow
    private long _count;
    private long _images;

    /// <summary>Creates an empty accumulator whose first image has global index <paramref name="startImage"/>.</summary>
    /// <param name="channels">Number of channels C of the activations.</param>
    /// <param name="histogram">Histogram bins shared by all channels.</param>
    /// <param name="startImage">Global index of the first image this accumulator will see (a shard's offset).</param>
    /// <param name="activeThreshold">A position "fires" when its value is strictly greater than this (0 after ReLU).</param>
    public ChannelStatistics(int channels, HistogramSpec histogram, long startImage = 0, float activeThreshold = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentOutOfRangeException.ThrowIfNegative(startImage);
        histogram.Validate();
        Channels = channels;
        Histogram = histogram;
        StartImage = startImage;
        EndImage = startImage;
        ActiveThreshold = activeThreshold;
        _min = Enumerable.Repeat(float.PositiveInfinity, channels).ToArray();
        _max = Enumerable.Repeat(float.NegativeInfinity, channels).ToArray();
        _positive = new long[channels];
        _firingImages = new long[channels];
        _histogram = new long[channels * (histogram.Bins + 2)];
    }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }

    /// <summary>The histogram bins.</summary>
    public HistogramSpec Histogram { get; }

    /// <summary>The firing threshold.</summary>
    public float ActiveThreshold { get; }

    /// <summary>Global index of the first image covered.</summary>
    public long StartImage { get; private set; }

    /// <summary>Global index one past the last image covered (skipped images included).</summary>
    public long EndImage { get; private set; }

    /// <summary>Images that contributed values (skipped indices excluded).</summary>
    public long Images => _images;

    /// <summary>Adds a batch of activations as the next images in sequence.</summary>
    /// <param name="activations">[N,C,H,W] or [N,C], any float type, any device; not modified or disposed.</param>
    /// <exception cref="ConvLensException">The shape does not match <see cref="Channels"/>.</exception>
    public void Update(Tensor activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var n = activations.dim() > 0 ? activations.shape[0] : 0;
        var indices = new long[n];
        for (var i = 0; i < n; i++)
        {
            indices[i] = EndImage + i;
        }

        UpdateAt(activations, indices);
    }

    /// <summary>
    /// Adds a batch whose images have the given increasing global indices; indices passed over since
    /// <see cref="EndImage"/> count as skipped (unreadable) images.
    /// </summary>
    /// <param name="activations">[N,C,H,W] or [N,C]; not modified or disposed.</param>
    /// <param name="imageIndices">N strictly increasing global indices, the first ≥ <see cref="EndImage"/>.</param>
    /// <exception cref="ConvLensException">The shape or the indices do not fit.</exception>
    public void UpdateAt(Tensor activations, IReadOnlyList<long> imageIndices)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(imageIndices);
        if (activations.dim() is not (2 or 4) || activations.shape[1] != Channels)
        {
            throw new ConvLensException($"activations must be [N,{Channels},H,W] or [N,{Channels}], got [{string.Join(",", activations.shape)}]");
        }

        using var host = HostActivations.Copy(activations);
        UpdateAt(host, imageIndices);
    }

    /// <summary>As <see cref="UpdateAt(Tensor, IReadOnlyList{long})"/>, on activations already copied to managed memory.</summary>
    internal void UpdateAt(HostActivations activations, IReadOnlyList<long> imageIndices)
    {
        if (activations.Channels != Channels)
        {
            throw new ConvLensException($"activations have {activations.Channels} channels, these statistics {Channels}");
        }

        if (activations.Images != imageIndices.Count)
        {
            throw new ConvLensException($"{activations.Images} images in the batch but {imageIndices.Count} indices");
        }

        for (var i = 0; i < imageIndices.Count; i++)
        {
            var floor = i == 0 ? EndImage : imageIndices[i - 1] + 1;
            if (imageIndices[i] < floor)
            {
                throw new ConvLensException($"image indices must increase from {EndImage}; got {imageIndices[i]} after {floor - 1}");
            }
        }

        if (imageIndices.Count == 0)
        {
            return;
        }

        var partial = ComputeBatch(activations);
        for (var i = 0; i < imageIndices.Count; i++)
        {
            SkipTo(imageIndices[i]);
            var mean = new double[Channels];
            var m2 = new double[Channels];
            Array.Copy(partial.Mean, i * Channels, mean, 0, Channels);
            Array.Copy(partial.M2, i * Channels, m2, 0, Channels);
            Push(new Block(0, imageIndices[i], partial.PositionsPerImage, mean, m2));
            EndImage = imageIndices[i] + 1;
        }

        _images += imageIndices.Count;
        _count += imageIndices.Count * partial.PositionsPerImage;
        AddTotals(partial.Min, partial.Max, partial.Positive, partial.Firing, partial.Histogram);
    }

    /// <summary>Records that the images up to (not including) <paramref name="imageIndex"/> were skipped.</summary>
    /// <exception cref="ConvLensException"><paramref name="imageIndex"/> is before <see cref="EndImage"/>.</exception>
    public void SkipTo(long imageIndex)
    {
        if (imageIndex < EndImage)
        {
            throw new ConvLensException($"cannot skip back to image {imageIndex}: already at {EndImage}");
        }

        while (EndImage < imageIndex)
        {
            Push(Block.Empty(EndImage, Channels));
            EndImage++;
        }
    }

    /// <summary>Appends the images of <paramref name="next"/>, which must start where this accumulator ends.</summary>
    /// <exception cref="ConvLensException">The two do not fit together (channels, histogram, threshold or image ranges).</exception>
    public void Merge(ChannelStatistics next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Channels != Channels || next.Histogram != Histogram || !next.ActiveThreshold.Equals(ActiveThreshold))
        {
            throw new ConvLensException(
                $"cannot merge statistics with different settings: {Channels} vs {next.Channels} channels, histogram {Histogram} vs {next.Histogram}, threshold {ActiveThreshold} vs {next.ActiveThreshold}");
        }

        if (next.StartImage != EndImage)
        {
            throw new ConvLensException($"cannot merge: this part covers images {StartImage}..{EndImage - 1}, the next starts at {next.StartImage} (parts must be contiguous and in order)");
        }

        foreach (var block in next._blocks)
        {
            Push(block);
        }

        EndImage = next.EndImage;
        _images += next._images;
        _count += next._count;
        AddTotals(next._min, next._max, next._positive, next._firingImages, next._histogram);
    }

    // Per-channel extremes and counts and the histogram (Channels x (Bins + 2) slots) of more images.
    private void AddTotals(float[] min, float[] max, long[] positive, long[] firing, long[] histogram)
    {
        for (var c = 0; c < Channels; c++)
        {
            _min[c] = MathF.Min(_min[c], min[c]);
            _max[c] = MathF.Max(_max[c], max[c]);
            _positive[c] += positive[c];
            _firingImages[c] += firing[c];
        }

        for (var k = 0; k < _histogram.Length; k++)
        {
            _histogram[k] += histogram[k];
        }
    }

    /// <summary>The statistics so far as plain numbers.</summary>
    public ChannelStatisticsSnapshot Snapshot()
    {
        var total = Block.Empty(StartImage, Channels);
        foreach (var block in _blocks)
        {
            total = Block.Combine(total, block, total.Level, total.Index);
        }

        var bins = Histogram.Bins + 2;
        var channels = new ChannelSummary[Channels];
        for (var c = 0; c < Channels; c++)
        {
            var hist = new long[Histogram.Bins];
            Array.Copy(_histogram, (c * bins) + 1, hist, 0, Histogram.Bins);
            var under = _histogram[c * bins];
            var over = _histogram[(c * bins) + bins - 1];
            var empty = _count == 0;
            channels[c] = new ChannelSummary
            {
                Channel = c,
                Mean = empty ? double.NaN : total.Mean[c],
                Std = empty ? double.NaN : Math.Sqrt(total.M2[c] / total.Count),
                Min = empty ? float.NaN : _min[c],
                Max = empty ? float.NaN : _max[c],
                PositiveCount = _positive[c],
                FiringImages = _firingImages[c],
                FractionPositive = empty ? double.NaN : (double)_positive[c] / _count,
                FractionImagesActive = _images == 0 ? double.NaN : (double)_firingImages[c] / _images,
                Histogram = hist,
                Underflow = under,
                Overflow = over,
                Quantiles = [.. ChannelStatisticsSnapshot.QuantileLevels.Select(q => HistogramQuantile(Histogram, q, hist, under, over, _min[c], _max[c]))],
            };
        }

        return new ChannelStatisticsSnapshot
        {
            Images = _images,
            StartImage = StartImage,
            EndImage = EndImage,
            CountPerChannel = _count,
            Histogram = Histogram,
            ActiveThreshold = ActiveThreshold,
            Channels = channels,
        };
    }

    internal ChannelStatisticsState ExportState() => new()
    {
        Channels = Channels,
        Histogram = Histogram,
        ActiveThreshold = ActiveThreshold,
        StartImage = StartImage,
        EndImage = EndImage,
        Images = _images,
        Count = _count,
        Min = [.. _min],
        Max = [.. _max],
        Positive = [.. _positive],
        FiringImages = [.. _firingImages],
        HistogramCounts = [.. _histogram],
        Blocks = [.. _blocks.Select(b => new ChannelStatisticsState.BlockState(b.Level, b.Index, b.Count, [.. b.Mean], [.. b.M2]))],
    };

    internal static ChannelStatistics ImportState(ChannelStatisticsState state)
    {
        var s = new ChannelStatistics(state.Channels, state.Histogram, state.StartImage, state.ActiveThreshold)
        {
            EndImage = state.EndImage,
            _images = state.Images,
            _count = state.Count,
        };
        if (state.Min.Length != state.Channels || state.HistogramCounts.Length != s._histogram.Length)
        {
            throw new ConvLensException("statistics state is inconsistent: array lengths do not match the channel count");
        }

        state.Min.CopyTo(s._min, 0);
        state.Max.CopyTo(s._max, 0);
        state.Positive.CopyTo(s._positive, 0);
        state.FiringImages.CopyTo(s._firingImages, 0);
        state.HistogramCounts.CopyTo(s._histogram, 0);
        s._blocks.AddRange(state.Blocks.Select(b => new Block(b.Level, b.Index, b.Count, [.. b.Mean], [.. b.M2])));
        return s;
    }

    private static double HistogramQuantile(HistogramSpec spec, double q, long[] hist, long under, long over, float min, float max)
    {
        long total = under + over + hist.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        var target = q * total;
        if (target <= under)
        {
            return min;
        }

        // Interpolate linearly inside the bin that holds the target rank; the histogram's edges
        // are the only knowledge of where values lie, so the result is clamped to the exact min/max.
        double seen = under;
        for (var b = 0; b < hist.Length; b++)
        {
            if (hist[b] > 0 && seen + hist[b] >= target)
            {
                var fraction = (target - seen) / hist[b];
                var value = spec.Edge(b) + (fraction * spec.BinWidth);
                return Math.Clamp(value, min, max);
            }

            seen += hist[b];
        }

        return max;
    }

    private void Push(Block block)
    {
        _blocks.Add(block);
        while (_blocks.Count >= 2)
        {
            var right = _blocks[^1];
            var left = _blocks[^2];
            if (left.Level != right.Level || left.Index % 2 != 0 || right.Index != left.Index + 1)
            {
                break;
            }

            _blocks.RemoveRange(_blocks.Count - 2, 2);
            _blocks.Add(Block.Combine(left, right, left.Level + 1, left.Index / 2));
        }
    }

    // Plain loops over the managed copy: per (image, channel) a sum and a centred second pass in double, min/max,
    // the firing count and the histogram. Each (image, channel) is computed by exactly one thread in a fixed order,
    // so the result does not depend on scheduling.
    private BatchPartial ComputeBatch(HostActivations values)
    {
        var n = values.Images;
        var p = values.Positions;
        var channels = Channels;
        var bins = Histogram.Bins;
        var scan = new PlaneStatistics(Histogram.Min, Histogram.Max, bins, ActiveThreshold);
        var mean = new double[n * channels];
        var m2 = new double[n * channels];
        var min = new float[channels];
        var max = new float[channels];
        var positive = new long[channels];
        var firing = new long[channels];
        var histogram = new long[channels * (bins + 2)];
        Parallel.For(0, channels, c =>
        {
            var cmin = float.PositiveInfinity;
            var cmax = float.NegativeInfinity;
            long cpos = 0, cfire = 0;
            var hist = histogram.AsSpan(c * (bins + 2), bins + 2);
            for (var i = 0; i < n; i++)
            {
                var (mu, sq, lo, hi, pos) = scan.Scan(values.Plane(i, c), hist);
                mean[(i * channels) + c] = mu;
                m2[(i * channels) + c] = sq;
                cmin = MathF.Min(cmin, lo);
                cmax = MathF.Max(cmax, hi);
                cpos += pos;
                cfire += pos > 0 ? 1 : 0;
            }

            min[c] = cmin;
            max[c] = cmax;
            positive[c] = cpos;
            firing[c] = cfire;
        });

        return new BatchPartial(p, mean, m2, min, max, positive, firing, histogram);
    }

    private sealed record BatchPartial(long PositionsPerImage, double[] Mean, double[] M2, float[] Min, float[] Max, long[] Positive, long[] Firing, long[] Histogram);

    private sealed class Block(int level, long index, long count, double[] mean, double[] m2)
    {
        public int Level { get; } = level;

        public long Index { get; } = index;

        public long Count { get; } = count;

        public double[] Mean { get; } = mean;

        public double[] M2 { get; } = m2;

        public static Block Empty(long index, int channels) => new(0, index, 0, new double[channels], new double[channels]);

        // Chan, Golub & LeVeque (1979): exact-order pairwise update of count, mean and sum of squared deviations.
        public static Block Combine(Block a, Block b, int level, long index)
        {
            if (b.Count == 0)
            {
                return new Block(level, index, a.Count, a.Mean, a.M2);
            }

            if (a.Count == 0)
            {
                return new Block(level, index, b.Count, b.Mean, b.M2);
            }

            var n = a.Count + b.Count;
            var wb = (double)b.Count / n;
            var wab = (double)a.Count * b.Count / n;
            var mean = new double[a.Mean.Length];
            var m2 = new double[a.Mean.Length];
            for (var c = 0; c < mean.Length; c++)
            {
                var delta = b.Mean[c] - a.Mean[c];
                mean[c] = a.Mean[c] + (delta * wb);
                m2[c] = a.M2[c] + b.M2[c] + (delta * delta * wab);
            }

            return new Block(level, index, n, mean, m2);
        }
    }
}
