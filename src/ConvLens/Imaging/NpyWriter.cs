using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ConvLens.Imaging;

/// <summary>Writes float32 arrays as NumPy <c>.npy</c> files (format 1.0, little-endian <c>&lt;f4</c>, C order), readable with <c>numpy.load</c>.</summary>
/// <remarks>
/// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html. The magic <c>\x93NUMPY</c>, version
/// 1.0, a little-endian uint16 header length, then an ASCII dict padded with spaces and ended by a newline so that the
/// data starts at a multiple of 64 bytes, then the values in row-major order.
/// </remarks>
public static class NpyWriter
{
    /// <summary>Encodes <paramref name="values"/> with <paramref name="shape"/> (row-major) as an .npy file.</summary>
    /// <exception cref="ArgumentException">The shape's product is not the number of values, or a dimension is negative.</exception>
    public static byte[] Encode(ReadOnlySpan<float> values, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => a * d) != values.Length)
        {
            throw new ArgumentException($"shape ({string.Join(",", shape)}) does not hold {values.Length} values", nameof(shape));
        }

        var dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        const int Preamble = 10; // magic (6) + version (2) + header length (2)
        var padded = ((Preamble + dict.Length + 1 + 63) / 64 * 64) - Preamble;
        var header = dict.PadRight(padded - 1) + "\n";
        var bytes = new byte[Preamble + padded + (values.Length * sizeof(float))];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", bytes.AsSpan(1));
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)padded);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(Preamble));
        var data = bytes.AsSpan(Preamble + padded);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data[(i * sizeof(float))..], values[i]);
        }

        return bytes;
    }

    /// <summary>Encodes <paramref name="values"/> with <paramref name="shape"/> as an .npy file.</summary>
    /// <exception cref="ArgumentException">The shape's product is not the number of values.</exception>
    public static byte[] Encode(float[] values, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Encode(values.AsSpan(), shape);
    }

    /// <summary>Writes the array to <paramref name="path"/> atomically (a temp file, then a move).</summary>
    /// <exception cref="ConvLensException">The file cannot be written.</exception>
    public static void Write(string path, float[] values, params long[] shape) => AtomicFile.WriteAllBytes(path, Encode(values, shape));
}
