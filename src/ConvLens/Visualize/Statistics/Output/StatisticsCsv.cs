using System.Globalization;
using System.Text;

namespace ConvLens.Visualize.Statistics.Output;

/// <summary>Writes one layer's per-channel statistics as CSV (invariant culture, one row per channel).</summary>
public static class StatisticsCsv
{
    /// <summary>The CSV text for <paramref name="layer"/>: statistics, quantiles and verdict per channel.</summary>
    public static string Layer(LayerStatistics layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var sb = new StringBuilder();
        sb.Append("channel,mean,std,min,max,fraction_positive,fraction_images_active,firing_images");
        foreach (var q in ChannelStatisticsSnapshot.QuantileLevels)
        {
            sb.Append(",q").Append((q * 100).ToString("00", CultureInfo.InvariantCulture));
        }

        sb.Append(",verdict\n");
        var h = layer.Health;
        foreach (var c in layer.Snapshot.Channels)
        {
            sb.Append(c.Channel.ToString(CultureInfo.InvariantCulture));
            foreach (var v in new[] { c.Mean, c.Std, c.Min, c.Max, c.FractionPositive, c.FractionImagesActive })
            {
                sb.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            sb.Append(',').Append(c.FiringImages.ToString(CultureInfo.InvariantCulture));
            foreach (var q in c.Quantiles)
            {
                sb.Append(',').Append(q.ToString("R", CultureInfo.InvariantCulture));
            }

            var verdicts = new List<string>();
            if (h.Dead.Contains(c.Channel))
            {
                verdicts.Add("dead");
            }

            if (h.Rare.Contains(c.Channel))
            {
                verdicts.Add("rare");
            }

            if (h.Saturated.Contains(c.Channel))
            {
                verdicts.Add("saturated");
            }

            if (h.NearZeroKernel.Contains(c.Channel))
            {
                verdicts.Add("zero-kernel");
            }

            if (h.NearZeroGamma.Contains(c.Channel))
            {
                verdicts.Add("zero-gamma");
            }

            sb.Append(',').Append(string.Join(' ', verdicts)).Append('\n');
        }

        return sb.ToString();
    }
}
