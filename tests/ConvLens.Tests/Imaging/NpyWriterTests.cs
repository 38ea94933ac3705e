using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Imaging;

public class NpyWriterTests
{
    [Fact]
    public void Should_write_a_format_1_0_float32_C_order_array_that_reads_back()
    {
        float[] values = [1.5f, -2f, 0f, 3.25f, float.MaxValue, 1e-7f];

        var (shape, read) = NpyReader.Read(NpyWriter.Encode(values, 2, 3));

        Assert.Equal([2L, 3L], shape);
        Assert.Equal(values, read);
    }

    [Fact]
    public void Should_write_the_exact_header_bytes_numpy_writes()
    {
        var bytes = NpyWriter.Encode([7f], 1);

        // numpy.save(f, numpy.array([7], dtype='<f4')): a 118-byte header padded to 128 bytes, then 7.0f.
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, 118);
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }" + new string(' ', 60) + "\n", header);
        Assert.Equal(118, bytes[8] | (bytes[9] << 8));
        Assert.Equal([0x00, 0x00, 0xE0, 0x40], bytes[128..]);
    }

    [Fact]
    public void Should_write_atomically_to_a_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("sub/a.npy");

        NpyWriter.Write(path, [1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2);

        var (shape, values) = NpyReader.Read(path);
        Assert.Equal([2L, 2L, 2L], shape);
        Assert.Equal(8f, values[7]);
        Assert.Single(Directory.GetFiles(folder.File("sub")));
    }

    [Fact]
    public void Should_refuse_a_shape_that_does_not_hold_the_values()
    {
        Assert.Throws<ArgumentException>(() => NpyWriter.Encode([1f, 2f, 3f], 2, 2));
    }
}
