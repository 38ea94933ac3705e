using System.Diagnostics;
using System.Globalization;
using ConvLens.Models.Onnx;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Benchmarks;

/// <summary>
/// `load [rounds]`: what a command pays before its first result (issue 15, start-up): reading and compiling the
/// built-in model and a generated 100 MB ONNX file, then the layer table `convlens inspect` prints (one forward of
/// zeros for the shapes). Medians over the rounds; every round loads from scratch.
/// </summary>
internal static class ModelLoadTimes
{
    public static void Run(int rounds)
    {
        var big = Path.Combine(Path.GetTempPath(), "convlens-load-100mb.onnx");
        WriteLargeModel(big);
        try
        {
            Console.WriteLine($"{new FileInfo(big).Length / 1e6:F1} MB generated at {big}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Measure("resnet18-featurizer", ResNet18Featurizer.ModelPath, rounds, () => ResNet18Featurizer.Load());
            Measure("100 MB ONNX (Conv + Gemm)", big, rounds, () => OnnxModelLoader.Load(big));
        }
        finally
        {
            File.Delete(big);
        }
    }

    private static void Measure(string name, string path, int rounds, Func<OnnxModel> load)
    {
        var parse = new List<double>();
        var loads = new List<double>();
        var layers = new List<double>();
        var compiles = new List<double>();
        var first = 0.0;
        var allocated = new List<double>();
        for (var r = -1; r < rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            using var model = load();
            var copied = (GC.GetAllocatedBytesForCurrentThread() - before) / 1e6;
            var loaded = clock.Elapsed.TotalMilliseconds;
            _ = model.DescribeLayers(model.Preprocessing.Height, model.Preprocessing.Width).Count;
            var described = clock.Elapsed.TotalMilliseconds - loaded;
            clock.Restart();
            var proto = OnnxModelLoader.ReadModel(path);
            var parsed = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            OnnxModelLoader.Compile(proto, name, Path.GetDirectoryName(path)).Dispose();
            var compiled = clock.Elapsed.TotalMilliseconds;
            if (r < 0)
            {
                first = loaded;
            }
            else
            {
                loads.Add(loaded);
                layers.Add(described);
                parse.Add(parsed);
                compiles.Add(compiled);
                allocated.Add(copied);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} first load in the process {first,7:F1} ms, then load {AlternatingRun.Median(loads),7:F1} ms (read + parse {AlternatingRun.Median(parse),6:F1} ms, weights + graph {AlternatingRun.Median(compiles),6:F1} ms)  layer table {AlternatingRun.Median(layers),7:F1} ms; managed allocation by the load {AlternatingRun.Median(allocated),6:F1} MB"));
    }

    // Conv 3->64 (stride 4) and a Gemm from the 64x56x56 map to 128 outputs: 25.7 M weights in raw_data, as torch writes them.
    private static void WriteLargeModel(string path)
    {
        var graph = new GraphProto { Name = "large" };
        graph.Input.Add(Value("input", 1, 3, 224, 224));
        graph.Output.Add(Value("out", 1, 128));
        var rng = new Random(1);
        graph.Initializer.Add(Floats("w1", rng, 64, 3, 3, 3));
        graph.Initializer.Add(Floats("w2", rng, 128, 64 * 56 * 56));
        graph.Node.Add(Node("Conv", ["input", "w1"], ["c1"], ("strides", [4, 4]), ("pads", [1, 1, 1, 1])));
        graph.Node.Add(Node("Relu", ["c1"], ["r1"]));
        graph.Node.Add(Node("Flatten", ["r1"], ["f1"]));
        graph.Node.Add(Node("Gemm", ["f1", "w2"], ["out"], ("transB", [1])));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        File.WriteAllBytes(path, model.ToByteArray());

        static ValueInfoProto Value(string name, params long[] dims)
        {
            var shape = new TensorShapeProto();
            shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
        }

        static TensorProto Floats(string name, Random rng, params long[] dims)
        {
            var values = new float[dims.Aggregate(1L, (a, d) => a * d)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)(rng.NextDouble() - 0.5) * 0.01f;
            }

            var t = new TensorProto { Name = name, DataType = 1, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) };
            t.Dims.AddRange(dims);
            return t;
        }

        static NodeProto Node(string op, string[] inputs, string[] outputs, params (string Name, long[] Ints)[] attributes)
        {
            var n = new NodeProto { OpType = op, Name = op + "_" + outputs[0] };
            n.Input.AddRange(inputs);
            n.Output.AddRange(outputs);
            foreach (var (name, ints) in attributes)
            {
                var a = new AttributeProto { Name = name };
                if (name == "transB")
                {
                    a.Type = AttributeProto.Types.AttributeType.Int;
                    a.I = ints[0];
                }
                else
                {
                    a.Type = AttributeProto.Types.AttributeType.Ints;
                    a.Ints.AddRange(ints);
                }

                n.Attribute.Add(a);
            }

            return n;
        }
    }
}
