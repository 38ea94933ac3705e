using System.Diagnostics;
using System.Globalization;
using ConvLens.Models;
using ConvLens.Visualize.Statistics;
using SkiaSharp;
using static TorchSharp.torch;
namespace ConvLens.Benchmarks;

// Statistics benchmark (docs/performance.md, "Statistics"):
//   dotnet run -c Release --project benchmarks/ConvLens.Benchmarks -- stats FOLDER IMAGES [LAYER ...]
//   dotnet run -c Release --project benchmarks/ConvLens.Benchmarks -- forward IMAGES [LAYER ...]
// `stats` generates IMAGES JPEGs in FOLDER when missing, then times DatasetStatistics.Run at batch 16.
// `forward` times the plain forward pass (tapping the same layers) on pre-made tensors: no decoding, no statistics.
// Each prints images/s and the process's peak resident memory (VmHWM).
internal static class StatisticsThroughput
{
    public static void Run(string[] args)
    {
        var mode = args[0];
        torch_set_threads();
        using var model = ModelCatalog.Load(Environment.GetEnvironmentVariable("CONVLENS_MODEL") ?? ModelCatalog.DefaultModel);
        const int batch = 16;

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
            var result = DatasetStatistics.Run(model, source, layers, new DatasetStatisticsOptions { BatchSize = batch });
            Report("stats", (int)result.ImagesProcessed, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
            foreach (var l in result.Layers)
            {
                Console.WriteLine($"{l.DisplayName}: {l.Health.Dead.Count} dead of {l.Snapshot.Channels.Count}");
            }
        }

        static void torch_set_threads() => TorchSharp.torch.set_num_threads(Environment.ProcessorCount);

        // Wall-clock throughput depends on what else shares the cores; CPU seconds per image is the steadier cost measure.
        static void Report(string what, int images, TimeSpan elapsed, TimeSpan cpu)
        {
            var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {images} images in {elapsed.TotalSeconds:F1} s = {images / elapsed.TotalSeconds:F2} images/s; CPU {cpu.TotalSeconds:F1} s = {cpu.TotalMilliseconds / images:F1} ms/image; peak memory {peak.Split(':')[1].Trim()}"));
        }

        // 320x256 JPEGs (quality 90) with smooth gradients, shapes and a little noise: decoding cost close to a small photo.
        static void Generate(string folder, int images)
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
    }
}
