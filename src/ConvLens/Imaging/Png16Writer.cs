using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ConvLens.Imaging;

/// <summary>A minimal PNG writer for 16-bit grayscale images (colour type 0, bit depth 16, no interlace).</summary>
internal static class Png16Writer
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes row-major 16-bit samples as a PNG file.</summary>
    public static byte[] EncodeGray16(int width, int height, ushort[] samples)
    {
        if (samples.Length != width * height)
        {
            throw new ArgumentException($"expected {width * height} samples, got {samples.Length}", nameof(samples));
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16; // bit depth
        header[9] = 0;  // colour type: grayscale
        WriteChunk(png, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                var row = new byte[1 + (width * 2)]; // leading 0 = filter type "none"
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(1 + (x * 2)), samples[(y * width) + x]);
                    }

                    zlib.Write(row);
                }
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    private static uint Crc(uint crc, byte[] data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        // The CRC-32 of the PNG specification (ISO 3309 polynomial, reflected).
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
