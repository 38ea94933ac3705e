using System.Diagnostics;
using System.Globalization;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Statistics;
using SkiaSharp;
using static TorchSharp.torch;
namespace ConvLens.Benchmarks;

// Statistics benchmark (docs/performance.md, "Statistics"):
//   dotnet run -c Release --project benchmarks/ConvLens.Benchmarks -- stats FOLDER IMAGES [LAYER ...]
//   dotnet run -c Release --project benchmarks/ConvLens.Benchmarks -- forward IMAGES [LAYER ...]
//   dotnet run -c Release --project benchmarks/ConvLens.Benchmarks -- breakdown FOLDER IMAGES [LAYER ...]
// `breakdown` runs the three stages one after the other per batch (decode, forward, statistics) and times each:
// on shared cores the ratio of stages measured side by side is far steadier than two separate end-to-end runs.
// `stats` generates IMAGES JPEGs in FOLDER when missing, then times DatasetStatistics.Run at batch 16.
// `forward` times the plain forward pass (tapping the same layers) on pre-made tensors: no decoding, no statistics.
// Each prints images/s and the process's peak resident memory (VmHWM).
internal static class StatisticsThroughput
{
    /// <summary>Runs the harness mode named by <c>args[0]</c>.</summary>
    public static void Run(string[] args)
    {
        var mode = args[0];
        torch_set_threads();
        if (mode == "update")
        {
            UpdateCost(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7);
            return;
        }

        using var model = ModelCatalog.Load(Environment.GetEnvironmentVariable("CONVLENS_MODEL") ?? ModelCatalog.DefaultModel);
        const int batch = 16;

        if (mode == "breakdown")
        {
            Breakdown(model, args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? args[3..] : ["stage4"]);
            return;
        }

        if (mode == "forward")
        {
            var images = int.Parse(args[1], CultureInfo.InvariantCulture);
            var layers = args.Length > 2 ? args[2..].Select(model.ResolveLayer).ToArray() : [model.ResolveLayer("stage4")];
            var p = model.Preprocessing;
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                model.Run(rand(batch, 3, p.Height, p.Width), layers, needOutput: false); // warm-up
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var done = 0; done < images; done += batch)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var n = Math.Min(batch, images - done);
                model.Run(rand(n, 3, p.Height, p.Width), layers, needOutput: false);
            }

            Report("forward", images, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
        }
        else
        {
            var folder = args[1];
            var images = int.Parse(args[2], CultureInfo.InvariantCulture);
            var layers = args.Length > 3 ? args[3..] : ["stage4"];
            Generate(folder, images);
            var source = DatasetSource.FromFiles(DatasetSource.FromPath(folder).Images.Take(images), folder);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            // CONVLENS_EXEMPLARS=0 measures the pass without exemplar tracking (default: the stats default, 9 per direction).
            var exemplars = int.TryParse(Environment.GetEnvironmentVariable("CONVLENS_EXEMPLARS"), CultureInfo.InvariantCulture, out var k) ? k : new DatasetStatisticsOptions().Exemplars;
            var result = DatasetStatistics.Run(model, source, layers, new DatasetStatisticsOptions { BatchSize = batch, Exemplars = exemplars });
            Report($"stats (exemplars {exemplars})", (int)result.ImagesProcessed, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
            foreach (var l in result.Layers)
            {
                Console.WriteLine($"{l.DisplayName}: {l.Health.Dead.Count} dead of {l.Snapshot.Channels.Count}");
            }
        }

        static void torch_set_threads() => TorchSharp.torch.set_num_threads(int.TryParse(Environment.GetEnvironmentVariable("CONVLENS_THREADS"), out var n) ? n : Environment.ProcessorCount);

        // Wall-clock throughput depends on what else shares the cores; CPU seconds per image is the steadier cost measure.
        static void Report(string what, int images, TimeSpan elapsed, TimeSpan cpu)
        {
            var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {images} images in {elapsed.TotalSeconds:F1} s = {images / elapsed.TotalSeconds:F2} images/s; CPU {cpu.TotalSeconds:F1} s = {cpu.TotalMilliseconds / images:F1} ms/image; peak memory {peak.Split(':')[1].Trim()}"));
        }
    }

    // 320x256 JPEGs (quality 90) with smooth gradients, shapes and a little noise: decoding cost close to a small photo.
    internal static void Generate(string folder, int images)
    {
        Directory.CreateDirectory(folder);
        var rng = new Random(42);
        for (var i = 0; i < images; i++)
        {
            var path = Path.Combine(folder, $"img{i:D5}.jpg");
            if (File.Exists(path))
            {
                continue;
            }

            using var bitmap = new SKBitmap(320, 256);
            using (var canvas = new SKCanvas(bitmap))
            {
                using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(320, 256),
                    [new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)), new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256))],
                    SKShaderTileMode.Clamp);
                using var fill = new SKPaint { Shader = shader };
                canvas.DrawRect(0, 0, 320, 256, fill);
                for (var s = 0; s < 12; s++)
                {
                    using var paint = new SKPaint { Color = new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256), 200), IsAntialias = true };
                    canvas.DrawCircle(rng.Next(320), rng.Next(256), rng.Next(8, 60), paint);
                }
            }

            for (var k = 0; k < 2000; k++)
            {
                bitmap.SetPixel(rng.Next(320), rng.Next(256), new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
            }

            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(path, data.ToArray());
        }
    }

    private static void Breakdown(LoadedModel model, string folder, int images, string[] layerNames)
    {
        const int batch = 16;
        var paths = DatasetSource.FromPath(folder).Images.Take(images).ToArray();
        var layers = layerNames.Select(model.ResolveLayer).ToArray();
        var p = model.Preprocessing;
        ChannelStatistics[]? stats = null;
        var decode = TimeSpan.Zero;
        var forward = TimeSpan.Zero;
        var statistics = TimeSpan.Zero;
        for (var first = 0; first < paths.Length; first += batch)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var clock = Stopwatch.StartNew();
            // The same loader DatasetStatistics runs on its decode thread (here inline, so the stages are timed apart).
            var count = Math.Min(batch, paths.Length - first);
            var pixels = new float[count * 3 * p.Height * p.Width];
            for (var i = 0; i < count; i++)
            {
                ImageBatchLoader.LoadInto(paths[first + i], p, pixels.AsSpan(i * 3 * p.Height * p.Width, 3 * p.Height * p.Width));
            }

            var x = tensor(pixels, [count, 3, p.Height, p.Width]);
            decode += clock.Elapsed;

            clock.Restart();
            var run = model.Run(x, layers, needOutput: false);
            forward += clock.Elapsed;

            clock.Restart();
            stats ??= [.. layers.Select(l => new ChannelStatistics((int)run[l].shape[1], new HistogramSpec(0, 50, 64)))];
            for (var i = 0; i < layers.Length; i++)
            {
                stats[i].Update(run[layers[i]]);
            }

            statistics += clock.Elapsed;
        }

        double Ms(TimeSpan t) => t.TotalMilliseconds / paths.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"breakdown over {paths.Length} images, layers {string.Join(" ", layerNames)}: decode+resize {Ms(decode):F1} ms/image, forward {Ms(forward):F1} ms/image, statistics {Ms(statistics):F1} ms/image; decode+statistics = {100 * (decode + statistics) / forward:F1} % of forward"));
    }

    // ChannelStatistics.Update alone on a batch of 16 activations [16,C,S,S] (no model).
    private static void UpdateCost(int channels, int size)
    {
        var stats = new ChannelStatistics(channels, new HistogramSpec(0, 50, 64));
        using var x = rand(16, channels, size, size).mul_(20);
        stats.Update(x);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            stats.Update(x);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"update [16,{channels},{size},{size}]: {clock.Elapsed.TotalMilliseconds / 50:F2} ms per batch"));
    }
}
