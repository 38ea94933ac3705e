using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Filters;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Atlas;

/// <summary>
/// Builds the content of an atlas (a Microscope for one model): for every chosen unit its maximized image, its top
/// and bottom dataset exemplars cropped to the receptive field around the peak, its statistics and its kernel.
/// </summary>
/// <remarks>
/// The exemplars come from the statistics' streaming pass (<see cref="UnitExemplars"/>), so an earlier
/// <c>stats</c> run (or a merge of shards) is enough: only the images the lists name are read again, for their crops.
/// </remarks>
public static class AtlasBuilder
{
    /// <summary>Streams <paramref name="dataset"/> once for statistics and exemplars of <paramref name="layers"/>, then builds the atlas.</summary>
    /// <param name="model">The network.</param>
    /// <param name="dataset">The images.</param>
    /// <param name="layers">Layer names or aliases of [N,C,H,W] or [N,C] outputs.</param>
    /// <param name="statistics">Settings of the statistics pass; its exemplar count is raised to <see cref="AtlasOptions.Top"/> when lower.</param>
    /// <param name="options">Atlas settings; defaults when null.</param>
    /// <param name="cache">Finished unit images from earlier runs, or null.</param>
    /// <param name="progress">Receives reports of every phase.</param>
    /// <param name="cancellationToken">Stops between batches and between units.</param>
    /// <returns>The statistics (to keep or merge) and the atlas built from them.</returns>
    /// <exception cref="ConvLensException">A layer or option is invalid.</exception>
    public static (DatasetStatisticsResult Statistics, AtlasContent Atlas) Run(
        LoadedModel model,
        DatasetSource dataset,
        IReadOnlyList<string> layers,
        DatasetStatisticsOptions? statistics = null,
        AtlasOptions? options = null,
        IAtlasImageCache? cache = null,
        IProgress<AtlasProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new AtlasOptions();
        options.Validate();
        statistics ??= new DatasetStatisticsOptions();
        statistics = statistics with { Exemplars = Math.Max(statistics.Exemplars, options.Top) };
        var measured = DatasetStatistics.Run(
            model,
            dataset,
            layers,
            statistics,
            progress is null ? null : new StatisticsProgress(progress),
            cancellationToken);
        return (measured, Build(model, measured, options, cache, progress, cancellationToken));
    }

    /// <summary>Builds the atlas of every layer of <paramref name="statistics"/> (a run or a merge with exemplars).</summary>
    /// <param name="model">The network the statistics were measured on.</param>
    /// <param name="statistics">Statistics with exemplar lists.</param>
    /// <param name="options">Atlas settings; defaults when null.</param>
    /// <param name="cache">Finished unit images from earlier runs, or null.</param>
    /// <param name="progress">Receives reports of the exemplar and maximization phases.</param>
    /// <param name="cancellationToken">Stops between batches and between units.</param>
    /// <exception cref="ConvLensException">The statistics have no exemplars, a unit is out of range, or an option is invalid.</exception>
    public static AtlasContent Build(
        LoadedModel model,
        DatasetStatisticsResult statistics,
        AtlasOptions? options = null,
        IAtlasImageCache? cache = null,
        IProgress<AtlasProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(statistics);
        options ??= new AtlasOptions();
        options.Validate();
        var p = model.Preprocessing;
        var described = model.DescribeLayers(p.Height, p.Width).ToDictionary(l => l.Name, StringComparer.Ordinal);
        var chosen = statistics.Layers.Select(l => (Layer: l, Units: UnitsOf(l, options))).ToArray();

        var geometries = chosen.Select(c => Geometry(c.Layer, described.GetValueOrDefault(c.Layer.Layer), p)).ToArray();
        ExemplarCrops.Request[] Requests(int layer, int channel, bool top)
        {
            var lists = chosen[layer].Layer.Exemplars!.Of(channel);
            return [.. (top ? lists.Top : lists.Bottom).Take(options.Top).Select(e => new ExemplarCrops.Request(layer, channel, e, geometries[layer]))];
        }

        var requests = chosen.SelectMany((c, i) => c.Units.SelectMany(u => Requests(i, u, top: true).Concat(Requests(i, u, top: false)))).Distinct().ToArray();
        var crops = new ExemplarCrops(model, options);
        crops.Run(requests, statistics.ExemplarFiles, progress, cancellationToken);
        var maximization = new UnitMaximization(model, options, cache);
        var maximized = maximization.Run([.. chosen.Select(c => (c.Layer.Layer, (IReadOnlyList<int>)c.Units))], progress, cancellationToken);

        AtlasExemplar[] Cropped(int layer, int channel, bool top) =>
            [.. Requests(layer, channel, top).Select(r => crops.Crops.GetValueOrDefault(r)).OfType<AtlasExemplar>()];
        var layers = chosen.Select((c, i) =>
        {
            var kernels = Kernels(model, c.Layer.Layer);
            return new AtlasLayer
            {
                Layer = c.Layer.Layer,
                DisplayName = c.Layer.DisplayName,
                Shape = c.Layer.Shape,
                ReceptiveField = described.GetValueOrDefault(c.Layer.Layer)?.ReceptiveField,
                Stride = described.GetValueOrDefault(c.Layer.Layer)?.Stride,
                Health = c.Layer.Health,
                Histogram = c.Layer.Snapshot.Histogram,
                Units = [.. c.Units.Select(u => new AtlasUnit
                {
                    Channel = u,
                    Statistics = c.Layer.Snapshot.Channels[u],
                    Verdict = Verdict(c.Layer.Health, u),
                    Maximized = maximized.TryGetValue((c.Layer.Layer, u), out var m) ? m : null,
                    Top = Cropped(i, u, top: true),
                    Bottom = Cropped(i, u, top: false),
                    Kernel = kernels?.Invoke(u),
                })],
            };
        }).ToArray();
        return new AtlasContent
        {
            Model = statistics.Model,
            Dataset = statistics.Dataset,
            ImagesProcessed = statistics.ImagesProcessed,
            Input = (p.Height, p.Width),
            Layers = layers,
            Images = crops.Images,
            Skipped = [.. statistics.Skipped, .. crops.Skipped],
            Maximization = options.MaximizeSteps == 0 ? "none" : maximization.Description,
        };
    }

    /// <summary>"dead", "rarely active", "saturated" or "healthy": the detector's verdict on <paramref name="channel"/>.</summary>
    public static string Verdict(FilterHealth health, int channel)
    {
        ArgumentNullException.ThrowIfNull(health);
        return health.Dead.Contains(channel) ? "dead"
            : health.Rare.Contains(channel) ? "rarely active"
            : health.Saturated.Contains(channel) ? "saturated"
            : "healthy";
    }

    private static int[] UnitsOf(LayerStatistics layer, AtlasOptions options)
    {
        var channels = (int)layer.Shape[0];
        if (layer.Exemplars is null)
        {
            throw new ConvLensException($"the statistics of layer '{layer.DisplayName}' have no exemplar lists; measure them with exemplars (stats --exemplars K, K >= 1)");
        }

        var units = options.Units ?? [.. Enumerable.Range(0, channels)];
        var outside = units.Where(u => u >= channels).ToArray();
        return outside.Length > 0
            ? throw new ConvLensException($"layer '{layer.DisplayName}' has {channels} units (0..{channels - 1}); asked for {string.Join(", ", outside.Take(5))}")
            : [.. units.Distinct().Order()];
    }

    private static ExemplarCrops.CropGeometry Geometry(LayerStatistics layer, LayerInfo? info, Preprocessing p)
    {
        var (h, w) = layer.Shape.Count == 3 ? ((int)layer.Shape[1], (int)layer.Shape[2]) : (1, 1);

        // Without a derivable field, three cells' worth of input around the peak is a fair view of what it saw.
        var field = info?.ReceptiveField ?? (h == 1 && w == 1 ? Math.Max(p.Height, p.Width) : 3 * (int)Math.Ceiling(Math.Max(p.Height / (double)h, p.Width / (double)w)));
        return new ExemplarCrops.CropGeometry(layer.Layer, h, w, field);
    }

    // Draws kernel c of the layer's convolution (RGB tile for 3 inputs, grey strip otherwise), or null without one.
    private static Func<int, RgbImage?>? Kernels(LoadedModel model, string layer)
    {
        using (var scope = TorchSharp.torch.NewDisposeScope())
        {
            if (model.ConvolutionWeight(layer) is not { } weight || weight.dim() != 4)
            {
                return null;
            }
        }

        var filters = FilterWeights.Compute(model, layer);
        return c => c >= filters.Filters.Count ? null
            : filters.IsRgb ? FilterRenderer.RgbTile(filters, filters.Filters[c], scale: Math.Max(1, 48 / Math.Max(1, filters.KernelWidth)))
            : FilterRenderer.GrayStrip(filters, filters.Filters[c], scale: 6, maxInputs: 32);
    }

    // Synchronous, unlike Progress<T>, so reports arrive in order on the streaming thread.
    private sealed class StatisticsProgress(IProgress<AtlasProgress> inner) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value) => inner.Report(new AtlasProgress("statistics", value.ImagesDone, value.ImagesTotal, value.Elapsed));
    }
}
