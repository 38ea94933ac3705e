using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Perturbation;
using ConvLens.Visualize.Attribution.Wrappers;

namespace ConvLens.Visualize.Attribution;

/// <summary>The registry of attribution methods: ids to factories. CLI and web choices come from here.</summary>
public static class AttributionMethods
{
    private static readonly Func<IAttributionMethod>[] s_factories =
    [
        () => new GradCam(),
        () => new GradCamPlusPlus(),
        () => new XGradCam(),
        () => new HiResCam(),
        () => new LayerCam(),
        () => new ScoreCam(),
        () => new EigenCam(),
        () => new AblationCam(),
        () => new Saliency(),
        () => new InputXGradient(),
        () => new IntegratedGradients(),
        () => new GuidedBackprop(),
        () => new GuidedGradCam(),
        () => new SmoothGrad(),
        () => new Occlusion(),
    ];

    private static readonly Dictionary<string, Func<IAttributionMethod>> s_byId =
        s_factories.ToDictionary(f => f().Id, f => f, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every registered id, in registry order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. s_factories.Select(f => f().Id)];

    /// <summary>A fresh instance of every registered method, in registry order.</summary>
    public static IReadOnlyList<IAttributionMethod> CreateAll() => [.. s_factories.Select(f => f())];

    /// <summary>Creates the method with id <paramref name="id"/>; hyphens are optional ("gradcam" = "grad-cam").</summary>
    /// <exception cref="ConvLensException">Unknown id; the message lists the ids.</exception>
    public static IAttributionMethod Create(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (s_byId.TryGetValue(id, out var factory))
        {
            return factory();
        }

        var key = Squash(id);
        var match = s_byId.FirstOrDefault(kv => Squash(kv.Key) == key);
        return match.Value?.Invoke()
            ?? throw new ConvLensException($"unknown attribution method '{id}'; choose from: {string.Join(", ", Ids)}");
    }

    private static string Squash(string id) => id.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
