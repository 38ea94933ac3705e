using ConvLens.Web.Http;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>The registry of job kinds: one line each; the API, the catalog and the page's panels come from here.</summary>
internal static class JobKinds
{
    public static IReadOnlyList<IJobKind> All { get; } =
    [
        new MapsJob(),
        new FiltersJob(),
        new CamJobKind(),
        new MaximizeJob(),
        new DreamJob(),
        new StatsJob(),
    ];

    /// <summary>The kind with <paramref name="id"/>.</summary>
    /// <exception cref="ApiException">Unknown kind (400), listing the kinds.</exception>
    public static IJobKind Get(string? id) =>
        All.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ApiException(StatusCodes.Status400BadRequest, $"unknown job kind '{id}'; choose from: {string.Join(", ", All.Select(k => k.Id))}");
}
