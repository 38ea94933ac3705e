using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ConvLens.Tests.Support;

/// <summary>
/// The test's own .npy parser (independent of the writer): checks the magic, version 1.0, the 64-byte alignment, a
/// little-endian float32 C-order header, and returns the shape and values.
/// </summary>
internal static partial class NpyReader
{
    public static (long[] Shape, float[] Values) Read(byte[] bytes)
    {
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        Assert.Equal((byte)1, bytes[6]);
        Assert.Equal((byte)0, bytes[7]);
        var headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        var match = Header().Match(header);
        Assert.True(match.Success, $"unexpected header: {header}");
        var shape = match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (a, d) => a * d);
        Assert.Equal(10 + headerLength + (count * 4), bytes.Length);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(10 + headerLength + (i * 4)));
        }

        return (shape, values);
    }

    public static (long[] Shape, float[] Values) Read(string path) => Read(File.ReadAllBytes(path));

    [GeneratedRegex(@"^\{'descr': '<f4', 'fortran_order': False, 'shape': \(([0-9, ]*)\), \} *\n$")]
    private static partial Regex Header();
}
