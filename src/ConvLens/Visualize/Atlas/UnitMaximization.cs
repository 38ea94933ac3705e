using System.Security.Cryptography;
using System.Text;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Maximize;

namespace ConvLens.Visualize.Atlas;

/// <summary>
/// The maximized image of every chosen unit, in batches of units that optimise together, each batch looked up in
/// the cache first. A unit's image depends on its batch (the batch shares its random draws), so the key names the
/// whole batch: the same arguments give the same batches and find them all.
/// </summary>
internal sealed class UnitMaximization(LoadedModel model, AtlasOptions options, IAtlasImageCache? cache)
{
    private string? _fingerprint;
    private int? _feed;

    public string Description => $"fourier decorrelated {options.MaximizeSize}px, {options.MaximizeSteps} steps, upsample {Feed}, transforms {(options.MaximizeTransforms ? "standard" : "none")}, batch {options.MaximizeBatch}, seed {options.Seed}";

    public Dictionary<(string Layer, int Channel), RgbImage> Run(
        IReadOnlyList<(string Layer, IReadOnlyList<int> Channels)> layers, IProgress<AtlasProgress>? progress, CancellationToken cancellationToken)
    {
        var images = new Dictionary<(string, int), RgbImage>();
        if (options.MaximizeSteps == 0)
        {
            return images;
        }

        _feed ??= FeedSize(layers.Select(l => l.Layer).ToArray());
        var total = layers.Sum(l => l.Channels.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = 0;
        foreach (var (layer, channels) in layers)
        {
            foreach (var batch in channels.Chunk(options.MaximizeBatch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var keys = batch.Select((c, i) => Key(layer, batch, i)).ToArray();
                var cached = keys.Select(k => cache?.Find(k)).ToArray();
                if (cached.All(c => c is not null))
                {
                    for (var i = 0; i < batch.Length; i++)
                    {
                        images[(layer, batch[i])] = cached[i]!;
                    }
                }
                else
                {
                    var before = done;
                    var steps = progress is null ? null : new StepProgress(p => progress.Report(new AtlasProgress("maximize", before + (batch.Length * (double)p.Step / p.TotalSteps), total, clock.Elapsed)));
                    var result = Optimise(layer, batch, steps, cancellationToken);
                    for (var i = 0; i < batch.Length; i++)
                    {
                        images[(layer, batch[i])] = result.Images[i];
                        cache?.Store(keys[i], result.Images[i]);
                    }
                }

                done += batch.Length;
                progress?.Report(new AtlasProgress("maximize", done, total, clock.Elapsed));
            }
        }

        return images;
    }

    private MaximizeResult Optimise(string layer, int[] channels, IProgress<MaximizeProgress>? steps, CancellationToken cancellationToken)
    {
        var seed = options.Seed + channels[0];
        using var image = new FourierImage(channels.Length, options.MaximizeSize, options.MaximizeSize, decorrelate: true, seed: seed, device: model.Device);
        var maximize = new MaximizeOptions { Steps = options.MaximizeSteps, Seed = seed, UpsampleTo = _feed is > 0 ? _feed : null, KeepFrames = false };
        return Maximizer.Run(model, Objectives.Channels(layer, channels), image, options.MaximizeTransforms ? Transforms.Standard : Transforms.None, maximize, steps, cancellationToken);
    }

    private string Feed => _feed switch
    {
        null => "auto",
        0 => "none",
        var size => size.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // The side the model sees: the one asked for, else the image's own when a differentiable run to the layers accepts
    // it (many ONNX exports fix their pads or shapes for one input size), else the model's input size.
    private int FeedSize(string[] layers)
    {
        if (options.MaximizeUpsampleTo is { } asked)
        {
            return asked;
        }

        var p = model.Preprocessing;
        try
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            using var probe = TorchSharp.torch.zeros([1, 3, options.MaximizeSize, options.MaximizeSize], device: model.Device).requires_grad_();
            _ = model.Run(probe, layers, needOutput: false);
            return options.MaximizeSize;
        }
        catch (Exception e) when (e is ConvLensException or System.Runtime.InteropServices.ExternalException)
        {
            // An imported graph reports the failed node; a TorchSharp module, libtorch's shape error.
            return Math.Max(p.Height, p.Width);
        }
    }

    private string Key(string layer, int[] batch, int position)
    {
        _fingerprint ??= Fingerprint(model);
        var text = $"{_fingerprint}|{layer}|{string.Join(",", batch)}|{position}|{Description}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    // The model's name, input and every parameter's values: a changed weight is another model.
    private static string Fingerprint(LoadedModel model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{model.Name}|{model.Preprocessing}"));
        foreach (var (name, parameter) in model.NamedParameters())
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            var values = parameter.detach().to(TorchSharp.torch.ScalarType.Float32).cpu().contiguous();
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.data<float>().ToArray().AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Synchronous, so step reports reach the bar in order.
    private sealed class StepProgress(Action<MaximizeProgress> report) : IProgress<MaximizeProgress>
    {
        public void Report(MaximizeProgress value) => report(value);
    }
}
