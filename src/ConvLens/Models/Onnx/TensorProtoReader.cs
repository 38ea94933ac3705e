using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>Turns a TensorProto (initializer, attribute tensor or test data) into a tensor.</summary>
/// <remarks>
/// raw_data, when present, alone holds the values (packed little-endian); otherwise the typed field named by the
/// data type does (CNTK writes float_data, torch raw_data, node tests int32_data for small types). libtorch has
/// no uint16/32/64 tensors, so those are widened to the next signed type that holds every value.
/// </remarks>
internal static class TensorProtoReader
{
    /// <summary>Reads <paramref name="proto"/>; <paramref name="baseDir"/> resolves external data.</summary>
    public static Tensor Read(TensorProto proto, string? baseDir = null, Device? device = null)
    {
        var dims = proto.Dims.ToArray();
        if (dims.Any(d => d < 0))
        {
            throw new OnnxImportException($"tensor '{proto.Name}' has a negative dimension [{string.Join(",", dims)}]");
        }

        long count = 1;
        foreach (var d in dims)
        {
            count = checked(count * d);
        }

        var (type, size) = ScalarFor(proto.DataType, proto.Name);
        // raw_data is packed little-endian already and goes straight into the tensor (weights are the bulk of a file).
        var bytes = Payload(proto, count, size, baseDir);
        CheckCount(proto, bytes.Length, count, size);
        return FromPacked(Widen(proto.DataType, bytes, count), dims, type, device);
    }

    private static void CheckCount(TensorProto proto, long bytes, long count, int size)
    {
        if (bytes != checked(count * size))
        {
            throw new OnnxImportException(
                $"tensor '{proto.Name}' declares shape [{string.Join(",", proto.Dims)}] ({count} values) but holds {bytes / Math.Max(size, 1)}");
        }
    }

    private static Tensor FromPacked(ReadOnlySpan<byte> bytes, long[] dims, ScalarType type, Device? device)
    {
        using var scope = NewDisposeScope();
        // Copying the packed bytes into a fresh tensor of the target type keeps every bit pattern (float16 too).
        var t = empty(dims, type);
        if (!bytes.IsEmpty)
        {
            bytes.CopyTo(t.bytes);
        }

        if (device is not null && device.type != DeviceType.CPU)
        {
            t = t.to(device);
        }

        return t.MoveToOuterDisposeScope();
    }

    /// <summary>The torch type (after widening) and the packed byte size of one element of an ONNX data type.</summary>
    public static (ScalarType Type, int Size) ScalarFor(int dataType, string name) => dataType switch
    {
        1 => (ScalarType.Float32, 4),
        2 => (ScalarType.Byte, 1),
        3 => (ScalarType.Int8, 1),
        4 => (ScalarType.Int32, 2),
        5 => (ScalarType.Int16, 2),
        6 => (ScalarType.Int32, 4),
        7 => (ScalarType.Int64, 8),
        9 => (ScalarType.Bool, 1),
        10 => (ScalarType.Float16, 2),
        11 => (ScalarType.Float64, 8),
        12 => (ScalarType.Int64, 4),
        13 => (ScalarType.Int64, 8),
        16 => (ScalarType.BFloat16, 2),
        8 => throw new OnnxImportException($"tensor '{name}' holds strings, which ConvLens does not support"),
        _ => throw new OnnxImportException($"tensor '{name}' has unsupported data type {dataType}; supported: float, double, float16, bfloat16, int8-64, uint8-64, bool"),
    };

    /// <summary>The ONNX data type enum value for a torch type.</summary>
    public static int OnnxTypeOf(ScalarType type) => type switch
    {
        ScalarType.Float32 => 1,
        ScalarType.Byte => 2,
        ScalarType.Int8 => 3,
        ScalarType.Int16 => 5,
        ScalarType.Int32 => 6,
        ScalarType.Int64 => 7,
        ScalarType.Bool => 9,
        ScalarType.Float16 => 10,
        ScalarType.Float64 => 11,
        ScalarType.BFloat16 => 16,
        _ => 0,
    };

    // A span, so that typed float, double and int64 fields reach the tensor after one copy out of the message.
    private static ReadOnlySpan<byte> Payload(TensorProto p, long count, int size, string? baseDir)
    {
        if (p.DataLocation == TensorProto.Types.DataLocation.External)
        {
            return External(p, baseDir);
        }

        if (!p.RawData.IsEmpty)
        {
            return p.RawData.Span;
        }

        // Typed fields: one entry per element; small types travel widened in int32_data.
        switch (p.DataType)
        {
            case 1: return MemoryMarshal.AsBytes(p.FloatData.ToArray().AsSpan());
            case 11: return MemoryMarshal.AsBytes(p.DoubleData.ToArray().AsSpan());
            case 7: return MemoryMarshal.AsBytes(p.Int64Data.ToArray().AsSpan());
            case 12: return Pack(p.Uint64Data.Select(v => (long)v), 4);
            case 13: return Pack(p.Uint64Data.Select(v => (long)v), 8);
            default: return Pack(p.Int32Data.Select(v => (long)v), size);
        }
    }

    private static byte[] Pack(IEnumerable<long> values, int size)
    {
        var list = values.ToList();
        var b = new byte[list.Count * size];
        for (var i = 0; i < list.Count; i++)
        {
            var span = b.AsSpan(i * size, size);
            switch (size)
            {
                case 1: span[0] = unchecked((byte)list[i]); break;
                case 2: BinaryPrimitives.WriteInt16LittleEndian(span, unchecked((short)list[i])); break;
                case 4: BinaryPrimitives.WriteInt32LittleEndian(span, unchecked((int)list[i])); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(span, list[i]); break;
            }
        }

        return b;
    }

    // uint16 and uint32 are stored as int32 and int64 so that every value survives.
    private static ReadOnlySpan<byte> Widen(int dataType, ReadOnlySpan<byte> b, long count)
    {
        if (dataType is not (4 or 12))
        {
            return b;
        }

        var values = new long[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = dataType == 4 ? BinaryPrimitives.ReadUInt16LittleEndian(b[(i * 2)..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[(i * 4)..]);
        }

        return Pack(values, dataType == 4 ? 4 : 8);
    }

    private static byte[] External(TensorProto p, string? baseDir)
    {
        var kv = p.ExternalData.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (baseDir is null || !kv.TryGetValue("location", out var location))
        {
            throw new OnnxImportException($"tensor '{p.Name}' keeps its data in an external file that cannot be located");
        }

        var path = Path.GetFullPath(Path.Combine(baseDir, location));
        if (!File.Exists(path))
        {
            throw new OnnxImportException($"tensor '{p.Name}': external data file '{path}' is missing");
        }

        using var f = File.OpenRead(path);
        var offset = kv.TryGetValue("offset", out var o) ? long.Parse(o, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var length = kv.TryGetValue("length", out var l) ? long.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : f.Length - offset;
        if (offset < 0 || length < 0 || offset + length > f.Length)
        {
            throw new OnnxImportException($"tensor '{p.Name}': external data range {offset}+{length} lies outside '{path}'");
        }

        var buf = new byte[length];
        f.Seek(offset, SeekOrigin.Begin);
        f.ReadExactly(buf);
        return buf;
    }
}
