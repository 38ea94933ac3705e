using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using SkiaSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

/// <summary>ONNX Runtime as the forward reference, and the sample images as tensors.</summary>
internal static class OrtReference
{
    /// <summary>The model with extra values exposed as graph outputs (float32, shape inferred).</summary>
    public static byte[] WithOutputs(ModelProto model, IEnumerable<string> values)
    {
        var m = model.Clone();
        foreach (var v in values.Where(v => m.Graph.Output.All(o => o.Name != v)))
        {
            m.Graph.Output.Add(new ValueInfoProto
            {
                Name = v,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } },
            });
        }

        return m.ToByteArray();
    }

    /// <summary>Runs ORT on one float32 input and returns the named outputs as (data, shape).</summary>
    public static Dictionary<string, (float[] Data, long[] Shape)> Run(InferenceSession session, string input, float[] data, long[] shape, IEnumerable<string> outputs)
    {
        var t = new DenseTensor<float>(data, [.. shape.Select(d => (int)d)]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, t)], [.. outputs]);
        return results.ToDictionary(r => r.Name, r =>
        {
            var tensor = r.AsTensor<float>();
            return (tensor.ToArray(), tensor.Dimensions.ToArray().Select(d => (long)d).ToArray());
        });
    }

    /// <summary>Session options: 2 intra-op threads, as the benchmarks use.</summary>
    public static SessionOptions Options() => new() { IntraOpNumThreads = 2, InterOpNumThreads = 1 };

    /// <summary>The repository's samples/ folder (found upwards from the test binary).</summary>
    public static string SamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(candidate, "SOURCES.md")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/ not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Decodes an image with SkiaSharp and stretches it to size x size: RGB 0..1, [1,3,size,size].</summary>
    public static float[] LoadRgb(string path, int size)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException("cannot decode " + path);
        using var rgba = decoded.Copy(SKColorType.Rgba8888);
        using var resized = rgba.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888), new SKSamplingOptions(SKFilterMode.Linear));
        var data = new float[3 * size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var c = resized.GetPixel(x, y);
                data[(0 * size * size) + (y * size) + x] = c.Red / 255f;
                data[(1 * size * size) + (y * size) + x] = c.Green / 255f;
                data[(2 * size * size) + (y * size) + x] = c.Blue / 255f;
            }
        }

        return data;
    }

    /// <summary>max |a − e| and max |e|.</summary>
    public static (double MaxDiff, double MaxRef) Compare(TorchSharp.torch.Tensor actual, float[] expected)
    {
        var a = actual.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, a.Length);
        double diff = 0, max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(a[i] - expected[i]));
            max = Math.Max(max, Math.Abs(expected[i]));
        }

        return (diff, max);
    }
}
