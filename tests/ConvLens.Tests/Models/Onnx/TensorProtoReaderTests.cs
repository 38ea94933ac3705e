using ConvLens.Models.Onnx;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

public class TensorProtoReaderTests
{
    [Fact]
    public void Should_read_float_data_and_raw_data_alike()
    {
        var typed = new TensorProto { DataType = 1, Dims = { 2, 2 }, FloatData = { 1f, -2f, 3.5f, 0f } };
        var raw = new TensorProto { DataType = 1, Dims = { 2, 2 }, RawData = ByteString.CopyFrom(new[] { 1f, -2f, 3.5f, 0f }.SelectMany(BitConverter.GetBytes).ToArray()) };

        using var a = TensorProtoReader.Read(typed);
        using var b = TensorProtoReader.Read(raw);

        Assert.Equal(new long[] { 2, 2 }, a.shape);
        Assert.Equal(new[] { 1f, -2f, 3.5f, 0f }, a.data<float>().ToArray());
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
    }

    [Fact]
    public void Should_read_small_types_from_int32_data_and_widen_unsigned_ones()
    {
        using var int8 = TensorProtoReader.Read(new TensorProto { DataType = 3, Dims = { 3 }, Int32Data = { -128, 0, 127 } });
        using var uint16 = TensorProtoReader.Read(new TensorProto { DataType = 4, Dims = { 2 }, Int32Data = { 65535, 1 } });
        using var boolean = TensorProtoReader.Read(new TensorProto { DataType = 9, Dims = { 2 }, Int32Data = { 1, 0 } });
        using var half = TensorProtoReader.Read(new TensorProto { DataType = 10, Dims = { 1 }, Int32Data = { 0x3C00 } });
        using var bf16 = TensorProtoReader.Read(new TensorProto { DataType = 16, Dims = { 1 }, Int32Data = { 0x3F80 } });

        Assert.Equal(new sbyte[] { -128, 0, 127 }, int8.data<sbyte>().ToArray());
        Assert.Equal([65535, 1], uint16.data<int>().ToArray());
        Assert.Equal([true, false], boolean.data<bool>().ToArray());
        Assert.Equal(1f, half.to_type(ScalarType.Float32).item<float>());
        Assert.Equal(1f, bf16.to_type(ScalarType.Float32).item<float>());
    }

    [Fact]
    public void Should_read_scalars_and_empty_tensors()
    {
        using var scalar = TensorProtoReader.Read(new TensorProto { DataType = 7, Int64Data = { 42 } });
        using var empty = TensorProtoReader.Read(new TensorProto { DataType = 1, Dims = { 0, 3 } });

        Assert.Empty(scalar.shape);
        Assert.Equal(42L, scalar.item<long>());
        Assert.Equal(new long[] { 0, 3 }, empty.shape);
    }

    [Fact]
    public void Should_reject_a_payload_that_does_not_fit_the_shape()
    {
        var error = Assert.Throws<OnnxImportException>(() => TensorProtoReader.Read(new TensorProto { Name = "W", DataType = 1, Dims = { 4 }, FloatData = { 1f } }));

        Assert.Contains("'W'", error.Message, StringComparison.Ordinal);
    }
}
