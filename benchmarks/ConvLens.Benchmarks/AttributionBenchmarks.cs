using BenchmarkDotNet.Attributes;
using ConvLens.Models.Onnx;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ConvLens.Benchmarks;

/// <summary>
/// Grad-CAM on the built-in resnet18-featurizer (stage4, 224x224) against its floor: one forward tapping stage4
/// plus one backward from the target to stage4 (docs/performance.md, "Attribution").
/// </summary>
[MemoryDiagnoser(false)]
public class AttributionBenchmarks
{
    private OnnxModel _model = null!;
    private Tensor _images = null!;
    private string _layer = null!;
    private readonly RegressionOutput _target = new(0);

    [Params(1, 8)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(int.TryParse(Environment.GetEnvironmentVariable("CONVLENS_BENCH_THREADS"), out var t) ? t : 2);
        _model = ResNet18Featurizer.Load();
        _layer = _model.ResolveLayer("stage4");
        _images = rand(new long[] { Batch, 3, 224, 224 }, generator: new Generator(1)).DetachFromDisposeScope();
    }

    [Benchmark(Baseline = true, Description = "floor: forward + backward to stage4")]
    public float Floor()
    {
        using var scope = NewDisposeScope();
        var run = _model.Run(_images.detach().requires_grad_(true), [_layer]);
        return autograd.grad([_target.Score(run).sum()], [run[_layer]])[0].sum().item<float>();
    }

    [Benchmark(Description = "grad-cam (stage4)")]
    public int GradCam() =>
        new GradCam().Explain(_model, _images, new AttributionRequest { Layer = "stage4", Targets = [_target], BatchSize = Batch }).Maps.Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _images.Dispose();
        _model.Dispose();
    }
}
