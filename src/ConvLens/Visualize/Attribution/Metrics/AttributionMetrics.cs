namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>The registry of explanation metrics: ids to factories (with default settings). CLI choices and help come from here.</summary>
public static class AttributionMetrics
{
    private static readonly Func<IAttributionMetric>[] s_factories =
    [
        () => new Road(),
        () => new PointingGame(),
        () => new EnergyPointingGame(),
        () => new Deletion(),
        () => new Insertion(),
        () => new AverageDrop(),
        () => new Infidelity(),
        () => new MaxSensitivity(),
        () => new Sparseness(),
        () => new Complexity(),
    ];

    private static readonly Dictionary<string, Func<IAttributionMetric>> s_byId =
        s_factories.ToDictionary(f => f().Id, f => f, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every registered id, in registry order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. s_factories.Select(f => f().Id)];

    /// <summary>A fresh instance of every registered metric, in registry order.</summary>
    public static IReadOnlyList<IAttributionMetric> CreateAll() => [.. s_factories.Select(f => f())];

    /// <summary>Creates the metric with id <paramref name="id"/>.</summary>
    /// <exception cref="ConvLensException">Unknown id; the message lists the ids.</exception>
    public static IAttributionMetric Create(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return s_byId.TryGetValue(id.Trim(), out var factory)
            ? factory()
            : throw new ConvLensException($"unknown metric '{id}'; choose from: {string.Join(", ", Ids)}");
    }
}
