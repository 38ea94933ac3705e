using ConvLens.Imaging;
using ConvLens.Visualize.Filters;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>A convolution's kernels as images (RGB tiles for a first layer, kernel strips deeper) and their norms.</summary>
internal sealed class FiltersJob : JobKind<FiltersOptions>
{
    public override string Id => "filters";

    public override string Description => "A convolution's filters as images, with their norms.";

    public override JobInputs Inputs => JobInputs.None;

    protected override void Check(FiltersOptions options, ModelFacts model, ImageStore images)
    {
        if (options.Layer is null)
        {
            throw new ConvLensException("give the convolution's layer in 'layer'");
        }

        model.CheckLayer(options.Layer);
        _ = Colormaps.Get(options.Colormap);
        Range("count", options.Count, 1, 4096);
        Range("inputs", options.Inputs, 1, 512);
    }

    protected override object Run(JobContext context, FiltersOptions options)
    {
        var r = FilterWeights.Compute(context.Model, options.Layer!, options.Count);
        var files = context.Files;
        var name = JobFolder.Safe(r.DisplayName);
        var sheet = r.IsRgb
            ? files.WritePng($"{name}-filters.png", FilterRenderer.RgbSheet(r))
            : files.WritePng($"{name}-kernels.png", FilterRenderer.GrayStripSheet(r, maxInputs: options.Inputs));
        var norms = files.WritePng($"{name}-norms.png", FilterRenderer.NormHeatStrip(r, Colormaps.Get(options.Colormap)));
        var result = new
        {
            model = context.Model.Name, layer = r.Layer, displayName = r.DisplayName,
            shape = new[] { r.OutChannels, r.InChannels, r.KernelHeight, r.KernelWidth },
            maxAbs = r.MaxAbs, isRgb = r.IsRgb, sheet, norms,
            filters = r.Filters.Select(f => new { index = f.Index, norm = f.Norm, inputNorms = f.InputNorms }),
        };
        files.WriteJson($"{name}-filters.json", result);
        return result;
    }
}
