namespace ConvLens.Tests.Support;

/// <summary>JPEG bytes with an EXIF orientation tag, for testing that decoders turn images upright.</summary>
internal static class ExifJpeg
{
    // Splices a minimal EXIF block (APP1, big-endian TIFF, one IFD entry: Orientation) right after the JPEG's SOI marker.
    public static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // header, first IFD at offset 8
            0, 1,                                   // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,           // tag 0x0112 Orientation, type SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,                             // no next IFD
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var length = payload.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }
}
