namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Options of a cam job, named as <c>convlens cam</c>'s.</summary>
internal sealed class CamOptions
{
    /// <summary>Comma-separated method ids (<c>GET /api/catalog</c>); <c>--method</c>.</summary>
    public string Method { get; set; } = "grad-cam";

    /// <summary>Comma-separated targets: auto, a class index or label, channel:LAYER:C, similar:IMAGE-ID; <c>--target</c>.</summary>
    public string Target { get; set; } = "auto";

    /// <summary>Layer for the CAM methods; the last spatial layer when null; <c>--layer</c>.</summary>
    public string? Layer { get; set; }

    /// <summary>Deletion / insertion AUCs too; <c>--metrics</c>.</summary>
    public bool Metrics { get; set; }

    /// <summary>Colormap id; <c>--colormap</c>.</summary>
    public string Colormap { get; set; } = "viridis";

    /// <summary>Heatmap opacity, 0..1; <c>--alpha</c>.</summary>
    public double Alpha { get; set; } = 0.6;

    /// <summary><c>weighted</c> or <c>uniform</c>; <c>--overlay</c>.</summary>
    public string Overlay { get; set; } = "weighted";

    /// <summary>Seed of the random choices; <c>--seed</c>.</summary>
    public int Seed { get; set; }

    /// <summary>The methods, split.</summary>
    public IReadOnlyList<string> MethodIds => Split(Method);

    /// <summary>The targets, split.</summary>
    public IReadOnlyList<string> TargetSpecs => Split(Target);

    private static string[] Split(string text) => (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
