using ConvLens.Visualize.Attribution.Metrics;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

public class AttributionMetricsTests
{
    [Fact]
    public void Should_register_every_metric_once()
    {
        var types = typeof(IAttributionMetric).Assembly.GetTypes()
            .Where(t => typeof(IAttributionMetric).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToHashSet();

        Assert.Equal(types, AttributionMetrics.CreateAll().Select(m => m.GetType()).ToHashSet());
        Assert.Equal(AttributionMetrics.Ids.Count, AttributionMetrics.Ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(["road", "pointing", "energy-pointing", "deletion", "insertion", "drop", "infidelity", "max-sensitivity", "sparseness", "complexity"], AttributionMetrics.Ids);
    }

    [Fact]
    public void Should_name_the_choices_When_an_id_is_unknown()
    {
        var e = Assert.Throws<ConvLensException>(() => AttributionMetrics.Create("accuracy"));

        Assert.Contains("road, pointing", e.Message, StringComparison.Ordinal);
    }
}
