using System.Numerics;

namespace ConvLens.Visualize.Statistics;

/// <summary>
/// Moments, extremes, firing count and histogram of one (image, channel) plane of activations: the inner loop of
/// <see cref="ChannelStatistics"/>, written with SIMD vectors because it runs over every activation of a dataset.
/// </summary>
/// <remarks>
/// The result depends only on the plane's values (a fixed order of operations), so shards still merge
/// bit-identically. Sums run in double; NaN and infinities give the same answers as the plain scalar loop.
/// </remarks>
internal readonly struct PlaneStatistics
{
    private readonly float _lo;
    private readonly float _hi;
    private readonly float _scale;
    private readonly int _bins;
    private readonly float _threshold;

    /// <param name="lo">Histogram lower edge.</param>
    /// <param name="hi">Histogram upper edge (inclusive, numpy's rule).</param>
    /// <param name="bins">Number of bins between; slot 0 counts underflow and slot bins+1 overflow and NaN.</param>
    /// <param name="threshold">A value fires when strictly above this.</param>
    public PlaneStatistics(float lo, float hi, int bins, float threshold)
    {
        _lo = lo;
        _hi = hi;
        _bins = bins;
        _scale = (float)(bins / ((double)hi - lo));
        _threshold = threshold;
    }

    /// <summary>Scans <paramref name="values"/>, adds to <paramref name="histogram"/> (bins+2 slots) and returns the rest.</summary>
    public (double Mean, double M2, float Min, float Max, long Positive) Scan(ReadOnlySpan<float> values, Span<long> histogram)
    {
        var (sum, min, max, positive) = Moments(values);
        var mean = sum / values.Length;
        var m2 = CentredSquares(values, mean);
        Histogram(values, histogram);
        return (mean, m2, min, max, positive);
    }

    private (double Sum, float Min, float Max, long Positive) Moments(ReadOnlySpan<float> values)
    {
        var width = Vector<float>.Count;
        var sumLow = Vector<double>.Zero;
        var sumHigh = Vector<double>.Zero;
        var vmin = new Vector<float>(float.PositiveInfinity);
        var vmax = new Vector<float>(float.NegativeInfinity);
        var count = Vector<int>.Zero;
        var threshold = new Vector<float>(_threshold);
        var i = 0;
        for (; i <= values.Length - width; i += width)
        {
            var v = new Vector<float>(values[i..]);
            Vector.Widen(v, out var low, out var high);
            sumLow += low;
            sumHigh += high;
            vmin = Vector.Min(vmin, v);
            vmax = Vector.Max(vmax, v);
            count -= Vector.GreaterThan(v, threshold); // true lanes are -1
        }

        var sum = Vector.Sum(sumLow + sumHigh);
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        long positive = Vector.Sum(count);
        for (var k = 0; k < width && i > 0; k++)
        {
            min = MathF.Min(min, vmin[k]);
            max = MathF.Max(max, vmax[k]);
        }

        for (; i < values.Length; i++)
        {
            var a = values[i];
            sum += a;
            positive += a > _threshold ? 1 : 0;
            min = MathF.Min(min, a);
            max = MathF.Max(max, a);
        }

        if (double.IsNaN(sum))
        {
            // Vector min/max drop NaN lanes; the scalar rule propagates them (a broken model shows NaN, not a number).
            (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
            foreach (var a in values)
            {
                min = MathF.Min(min, a);
                max = MathF.Max(max, a);
            }
        }

        return (sum, min, max, positive);
    }

    private static double CentredSquares(ReadOnlySpan<float> values, double mean)
    {
        var width = Vector<float>.Count;
        var mu = new Vector<double>(mean);
        var acc = Vector<double>.Zero;
        var i = 0;
        for (; i <= values.Length - width; i += width)
        {
            Vector.Widen(new Vector<float>(values[i..]), out var low, out var high);
            var dl = low - mu;
            var dh = high - mu;
            acc += (dl * dl) + (dh * dh);
        }

        var sq = Vector.Sum(acc);
        for (; i < values.Length; i++)
        {
            var d = values[i] - mean;
            sq += d * d;
        }

        return sq;
    }

    private void Histogram(ReadOnlySpan<float> values, Span<long> histogram)
    {
        // Four interleaved copies: a run of equal values (the zeros after a ReLU) would otherwise wait on one counter.
        var slots = _bins + 2;
        Span<int> copies = slots * 4 <= 4096 ? stackalloc int[slots * 4] : new int[slots * 4];
        copies.Clear();
        var i = 0;
        for (; i <= values.Length - 4; i += 4)
        {
            copies[Slot(values[i])]++;
            copies[slots + Slot(values[i + 1])]++;
            copies[(2 * slots) + Slot(values[i + 2])]++;
            copies[(3 * slots) + Slot(values[i + 3])]++;
        }

        for (; i < values.Length; i++)
        {
            copies[Slot(values[i])]++;
        }

        for (var s = 0; s < slots; s++)
        {
            histogram[s] += copies[s] + copies[slots + s] + copies[(2 * slots) + s] + copies[(3 * slots) + s];
        }
    }

    // Bin k holds [lo + k w, lo + (k+1) w); the top edge is inclusive. Slot 0 is underflow, slot bins+1 overflow and NaN.
    private int Slot(float a)
    {
        var t = (a - _lo) * _scale;
        if (t >= 0f && t < _bins && a <= _hi)
        {
            return (int)t + 1;
        }

        if (a < _lo)
        {
            return 0;
        }

        if (a > _hi || float.IsNaN(a))
        {
            return _bins + 1;
        }

        return (int)Math.Clamp(MathF.Floor(t), 0f, _bins - 1) + 1;
    }
}
