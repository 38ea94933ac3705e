using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>
/// A mergeable streaming search for the dataset images that excite each channel of a layer most and least: per
/// channel a bounded top-k and bottom-k of (peak activation, image, peak position).
/// </summary>
/// <remarks>
/// Each image is one candidate per channel, scored by its peak, and candidates are totally ordered (score, then
/// image index). The k best of a union are therefore the k best of the parts' k best: shards merge exactly, in
/// any order, and memory is k per channel whatever the dataset size.
/// </remarks>
public sealed class UnitExemplars
{
    private readonly List<Exemplar>[] _top;
    private readonly List<Exemplar>[] _bottom;

    /// <summary>Creates an empty search.</summary>
    /// <param name="channels">Channels C of the layer.</param>
    /// <param name="count">Images kept per channel and direction (k).</param>
    public UnitExemplars(int channels, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Channels = channels;
        Count = count;
        _top = [.. Enumerable.Range(0, channels).Select(_ => new List<Exemplar>(count + 1))];
        _bottom = [.. Enumerable.Range(0, channels).Select(_ => new List<Exemplar>(count + 1))];
    }

    /// <summary>Channels of the layer.</summary>
    public int Channels { get; }

    /// <summary>Images kept per channel and direction.</summary>
    public int Count { get; }

    /// <summary>The images that drive <paramref name="channel"/> most and least so far.</summary>
    public ChannelExemplars Of(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return new ChannelExemplars(channel, [.. _top[channel]], [.. _bottom[channel]]);
    }

    /// <summary>Considers a batch of images with the given global indices.</summary>
    /// <param name="activations">[N,C,H,W] or [N,C]; not modified or disposed.</param>
    /// <param name="imageIndices">The N images' global indices, each seen once over the whole search.</param>
    /// <exception cref="ConvLensException">The shape does not fit.</exception>
    public void UpdateAt(Tensor activations, IReadOnlyList<long> imageIndices)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(imageIndices);
        using var host = HostActivations.Copy(activations);
        UpdateAt(host, imageIndices);
    }

    /// <summary>As <see cref="UpdateAt(Tensor, IReadOnlyList{long})"/>, on activations already copied to managed memory.</summary>
    internal void UpdateAt(HostActivations activations, IReadOnlyList<long> imageIndices)
    {
        if (activations.Channels != Channels || activations.Images != imageIndices.Count)
        {
            throw new ConvLensException($"exemplars of {Channels} channels got a batch of {activations.Images} images x {activations.Channels} channels for {imageIndices.Count} indices");
        }

        // Channels are independent, so each is searched by one thread in image order: no locks, no scheduling effect.
        Parallel.For(0, Channels, c =>
        {
            for (var i = 0; i < imageIndices.Count; i++)
            {
                if (Peak(activations.Plane(i, c)) is not var (score, position))
                {
                    continue; // a plane of NaN has no peak to rank
                }

                var candidate = new Exemplar(score, imageIndices[i], position / activations.Width, position % activations.Width);
                Offer(_top[c], candidate, Exemplar.StrongestFirst);
                Offer(_bottom[c], candidate, Exemplar.WeakestFirst);
            }
        });
    }

    /// <summary>Adds the candidates of another search over other images of the same layer.</summary>
    /// <exception cref="ConvLensException">The two differ in channels or k.</exception>
    public void Merge(UnitExemplars other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Channels != Channels || other.Count != Count)
        {
            throw new ConvLensException($"cannot merge exemplars of {Channels} channels, top {Count} with {other.Channels} channels, top {other.Count}");
        }

        for (var c = 0; c < Channels; c++)
        {
            foreach (var e in other._top[c])
            {
                Offer(_top[c], e, Exemplar.StrongestFirst);
            }

            foreach (var e in other._bottom[c])
            {
                Offer(_bottom[c], e, Exemplar.WeakestFirst);
            }
        }
    }

    internal UnitExemplarsState ExportState() => new(Count, [.. Enumerable.Range(0, Channels).Select(Of)]);

    internal static UnitExemplars ImportState(UnitExemplarsState state)
    {
        var channels = state.Channels;
        if (state.Count < 1 || channels.Count == 0 || channels.Select((c, i) => c.Channel != i || c.Top.Count > state.Count || c.Bottom.Count > state.Count).Any(bad => bad))
        {
            throw new ConvLensException("exemplar lists are inconsistent: channels must be 0..C-1 in order with at most 'count' images each");
        }

        var result = new UnitExemplars(channels.Count, state.Count);
        for (var c = 0; c < channels.Count; c++)
        {
            result._top[c].AddRange(channels[c].Top.Order(Comparer<Exemplar>.Create(Exemplar.StrongestFirst)));
            result._bottom[c].AddRange(channels[c].Bottom.Order(Comparer<Exemplar>.Create(Exemplar.WeakestFirst)));
        }

        return result;
    }

    // The first largest value and its position; NaN is never larger, so it is passed over.
    private static (float Score, int Position)? Peak(ReadOnlySpan<float> plane)
    {
        var best = float.NaN;
        var at = -1;
        for (var p = 0; p < plane.Length; p++)
        {
            if (plane[p] > best || (at < 0 && !float.IsNaN(plane[p])))
            {
                best = plane[p];
                at = p;
            }
        }

        return at < 0 ? null : (best, at);
    }

    // Keeps the list sorted and at most Count long: k is small, so a binary-search insert beats a heap.
    private void Offer(List<Exemplar> kept, Exemplar candidate, Comparison<Exemplar> order)
    {
        if (kept.Count == Count && order(candidate, kept[^1]) >= 0)
        {
            return;
        }

        var lo = 0;
        var hi = kept.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (order(kept[mid], candidate) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        kept.Insert(lo, candidate);
        if (kept.Count > Count)
        {
            kept.RemoveAt(kept.Count - 1);
        }
    }
}
