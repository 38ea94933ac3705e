using BenchmarkDotNet.Attributes;
using ConvLens.Models.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ConvLens.Benchmarks;

/// <summary>The imported resnet18-featurizer against ONNX Runtime's forward, both on 2 threads.</summary>
[MemoryDiagnoser(false)]
public class ModelForwardBenchmarks
{
    private OnnxModel _model = null!;
    private Tensor _images = null!;
    private InferenceSession _ort = null!;
    private NamedOnnxValue[] _ortInput = null!;

    internal OnnxModel Model => _model;

    internal Tensor Images => _images;

    [Params(1, 8)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // CONVLENS_BENCH_THREADS (default 2) sets both engines' intra-op threads.
        var threads = int.TryParse(Environment.GetEnvironmentVariable("CONVLENS_BENCH_THREADS"), out var t) ? t : 2;
        set_num_threads(threads);
        _model = ResNet18Featurizer.Load();
        _images = rand(new long[] { Batch, 3, 224, 224 }, generator: new Generator(1)).DetachFromDisposeScope();

        // ORT gets the same preprocessed input; the file declares batch 1, so the batch dim is made symbolic.
        var proto = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(ResNet18Featurizer.ModelPath));
        foreach (var v in proto.Graph.Input.Take(1).Concat(proto.Graph.Output))
        {
            v.Type.TensorType.Shape.Dim[0] = new Onnx.TensorShapeProto.Types.Dimension { DimParam = "N" };
        }

        _ort = new InferenceSession(proto.ToByteArray(), new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 });
        using var pre = _model.Preprocessing.Apply(_images).contiguous();
        var data = pre.data<float>().ToArray();
        _ortInput = [NamedOnnxValue.CreateFromTensor(proto.Graph.Input[0].Name, new DenseTensor<float>(data, [Batch, 3, 224, 224]))];
    }

    [Benchmark(Description = "imported forward (no_grad)")]
    public float ImportedForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _model.Run(_images).Output!.sum().item<float>();
    }

    [Benchmark(Description = "imported forward+backward to input")]
    public float ImportedForwardBackward()
    {
        using var scope = NewDisposeScope();
        var x = _images.detach().requires_grad_(true);
        var y = _model.Run(x).Output!;
        return autograd.grad([y.sum()], [x])[0].sum().item<float>();
    }

    [Benchmark(Baseline = true, Description = "ONNX Runtime forward")]
    public float OrtForward()
    {
        using var results = _ort.Run(_ortInput);
        return results[0].AsTensor<float>()[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ort.Dispose();
        _model.Dispose();
        _images.Dispose();
    }
}
