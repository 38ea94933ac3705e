using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Perturbation;
using ConvLens.Visualize.Attribution.Relevance;
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
        () => new EigenGradCam(),
        () => new SmoothGradCamPlusPlus(),
        () => new KpcaCam(),
        () => new FinerCam(),
        () => new Saliency(),
        () => new InputXGradient(),
        () => new IntegratedGradients(),
        () => new GuidedBackprop(),
        () => new GuidedGradCam(),
        () => new FullGrad(),
        () => new Lrp(LrpComposite.EpsilonPlus),
        () => new Lrp(LrpComposite.EpsilonGammaBox),
        () => new Lrp(LrpComposite.EpsilonPlusFlat),
        () => new Lrp(LrpComposite.Epsilon),
        () => new SmoothGrad(),
        () => new SmoothGrad(new Saliency(), mode: SmoothGradMode.Squared),
        () => new SmoothGrad(new Saliency(), mode: SmoothGradMode.Variance),
        () => new Occlusion(),
        () => new Rise(),
        () => new EigenSmoothing(new GradCam()),
        () => new AugmentationSmoothing(new GradCam()),
    ];

    private static readonly Dictionary<string, Func<IAttributionMethod>> s_byId =
        s_factories.ToDictionary(f => f().Id, f => f, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every registered id, in registry order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. s_factories.Select(f => f().Id)];

    /// <summary>A fresh instance of every registered method, in registry order.</summary>
    public static IReadOnlyList<IAttributionMethod> CreateAll() => [.. s_factories.Select(f => f())];

    /// <summary>The smoothing wrappers any id can take as a suffix: <c>ID-aug-smooth</c>, <c>ID-eigen-smooth</c> (CAMs only).</summary>
    public static IReadOnlyList<string> Smoothings { get; } = ["aug", "eigen"];

    /// <summary>
    /// Creates the method with id <paramref name="id"/>; hyphens are optional ("gradcam" = "grad-cam"), and a suffix
    /// <c>-aug-smooth</c> or <c>-eigen-smooth</c> wraps any method in <see cref="AugmentationSmoothing"/> or a CAM in <see cref="EigenSmoothing"/>.
    /// </summary>
    /// <exception cref="ConvLensException">Unknown id (the message lists the ids), or eigen smoothing of a method it does not apply to.</exception>
    public static IAttributionMethod Create(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (s_byId.TryGetValue(id, out var factory))
        {
            return factory();
        }

        var key = Squash(id);
        var match = s_byId.FirstOrDefault(kv => Squash(kv.Key) == key);
        if (match.Value is not null)
        {
            return match.Value();
        }

        if (id.EndsWith("-aug-smooth", StringComparison.OrdinalIgnoreCase))
        {
            return new AugmentationSmoothing((AttributionMethod)Create(id[..^"-aug-smooth".Length]));
        }

        if (id.EndsWith("-eigen-smooth", StringComparison.OrdinalIgnoreCase))
        {
            var inner = Create(id[..^"-eigen-smooth".Length]);
            return inner is CamMethod cam
                ? new EigenSmoothing(cam)
                : throw new ConvLensException($"eigen smoothing applies to CAM methods, not to {inner.Id}; use aug smoothing instead");
        }

        throw new ConvLensException($"unknown attribution method '{id}'; choose from: {string.Join(", ", Ids)} (any of them may end in -aug-smooth, a CAM in -eigen-smooth)");
    }

    private static string Squash(string id) => id.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
