namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Runs several metrics on one explanation, skipping (with a note) those whose region or explainer is missing.</summary>
public static class MetricsOnImage
{
    /// <summary>The scores of <paramref name="metrics"/> on <paramref name="input"/>, and one note per metric that could not run.</summary>
    public static (IReadOnlyList<MetricScore> Scores, IReadOnlyList<string> Notes) Evaluate(IReadOnlyList<IAttributionMetric> metrics, MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(input);
        var scores = new List<MetricScore>();
        var notes = new List<string>();
        foreach (var metric in metrics)
        {
            if (metric.NeedsRegion && input.Region is null)
            {
                notes.Add($"{metric.Id}: no box or mask for this image and target");
                continue;
            }

            if (metric.NeedsExplainer && input.Explain is null)
            {
                notes.Add($"{metric.Id}: no explainer to re-run");
                continue;
            }

            scores.Add(metric.Evaluate(input));
        }

        return (scores, notes);
    }
}
