using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Statistics;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Atlas;

/// <summary>
/// Runs the images the exemplar lists name through the model once more (only those, batched, all layers in one
/// forward), and cuts each exemplar's receptive field out of its image with the unit's activation overlaid.
/// </summary>
internal sealed class ExemplarCrops(LoadedModel model, AtlasOptions options)
{
    /// <summary>One wanted crop: which layer and unit it is for, and the exemplar.</summary>
    public sealed record Request(int Layer, int Channel, Exemplar Exemplar, CropGeometry Geometry);

    /// <summary>How a layer's grid maps onto the input: grid size and receptive field.</summary>
    public sealed record CropGeometry(string Layer, int GridHeight, int GridWidth, int Field);

    public Dictionary<Request, AtlasExemplar> Crops { get; } = [];

    public SortedDictionary<long, AtlasSourceImage> Images { get; } = [];

    public List<SkippedFile> Skipped { get; } = [];

    public void Run(IReadOnlyList<Request> requests, IReadOnlyDictionary<long, string> files, IProgress<AtlasProgress>? progress, CancellationToken cancellationToken)
    {
        var p = model.Preprocessing;
        var byImage = requests.GroupBy(r => r.Exemplar.Image).OrderBy(g => g.Key).ToArray();
        var taps = requests.Select(r => r.Geometry.Layer).Distinct(StringComparer.Ordinal).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = 0;
        foreach (var chunk in byImage.Chunk(options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var loaded = new List<(IGrouping<long, Request> Group, string File, float[] Pixels)>();
            foreach (var group in chunk)
            {
                if (!files.TryGetValue(group.Key, out var file))
                {
                    Skipped.Add(new SkippedFile($"image {group.Key}", "the statistics name no file for this exemplar image"));
                    continue;
                }

                var pixels = new float[3 * p.Height * p.Width];
                try
                {
                    ImageBatchLoader.LoadInto(file, p, pixels);
                    loaded.Add((group, file, pixels));
                }
                catch (ConvLensException e)
                {
                    Skipped.Add(new SkippedFile(file, e.Message));
                }
            }

            if (loaded.Count > 0)
            {
                CropBatch(loaded, taps);
            }

            done += chunk.Length;
            progress?.Report(new AtlasProgress("exemplars", done, byImage.Length, clock.Elapsed));
        }
    }

    private void CropBatch(List<(IGrouping<long, Request> Group, string File, float[] Pixels)> loaded, string[] taps)
    {
        var p = model.Preprocessing;
        var plane = 3 * p.Height * p.Width;
        var all = new float[loaded.Count * plane];
        for (var i = 0; i < loaded.Count; i++)
        {
            loaded[i].Pixels.CopyTo(all, i * plane);
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var run = model.Run(tensor(all, [loaded.Count, 3, p.Height, p.Width]).to(model.Device), taps, needOutput: false);
        var host = taps.ToDictionary(t => t, t => HostActivations.Copy(run[t]), StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < loaded.Count; i++)
            {
                var (group, file, pixels) = loaded[i];
                var input = ToImage(pixels, p.Width, p.Height);
                var full = Math.Max(p.Width, p.Height) > options.FullImageSize
                    ? input.Scaled(options.FullImageSize / (double)Math.Max(p.Width, p.Height))
                    : input;
                Images[group.Key] = new AtlasSourceImage(group.Key, file, full, p.Width, p.Height);
                foreach (var request in group)
                {
                    var g = request.Geometry;
                    var box = CropBox.Around(request.Exemplar.Y, request.Exemplar.X, g.GridHeight, g.GridWidth, p.Height, p.Width, g.Field);
                    var activation = host[g.Layer].Plane(i, request.Channel).ToArray();
                    var shown = g.GridHeight * g.GridWidth > 1
                        ? HeatmapRenderer.Overlay(input, new Heatmap(g.GridWidth, g.GridHeight, activation), Colormaps.Inferno, 0.55, OverlayMode.Weighted)
                        : input;
                    var crop = shown.Cropped(box.Left, box.Top, box.Width, box.Height).Resized(options.CropSize, options.CropSize);
                    Crops[request] = new AtlasExemplar(request.Exemplar, box, crop);
                }
            }
        }
        finally
        {
            foreach (var h in host.Values)
            {
                h.Dispose();
            }
        }
    }

    // The model-input pixels (RGB 0..1, [3,H,W]) as an image.
    private static RgbImage ToImage(float[] pixels, int width, int height)
    {
        var image = new RgbImage(width, height);
        var planeSize = width * height;
        for (var i = 0; i < planeSize; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                image.Pixels[(i * 3) + c] = (byte)Math.Clamp(Math.Round(pixels[(c * planeSize) + i] * 255f, MidpointRounding.AwayFromZero), 0, 255);
            }
        }

        return image;
    }
}
