using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>The typeface bundled with the library, so text draws the same everywhere, with or without system fonts.</summary>
internal static class EmbeddedFonts
{
    private static readonly Lazy<SKTypeface> Sans = new(LoadSans);

    /// <summary>DejaVu Sans (Bitstream Vera licence, see Fonts/DejaVuSans.LICENSE.txt); loaded once and never disposed.</summary>
    public static SKTypeface Regular => Sans.Value;

    private static SKTypeface LoadSans()
    {
        const string name = "ConvLens.Fonts.DejaVuSans.ttf";
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded font resource '{name}' is missing from the ConvLens assembly");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"embedded font resource '{name}' could not be loaded by SkiaSharp");
    }
}
