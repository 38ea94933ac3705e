using ConvLens.Models.Onnx;
using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Tests.Support;

/// <summary>A serialized ONNX TensorProto file (the backend tests' input_N.pb and output_N.pb) as a tensor.</summary>
internal static class TensorFile
{
    public static Tensor Read(string path) => TensorProtoReader.Read(TensorProto.Parser.ParseFrom(File.ReadAllBytes(path)));
}
