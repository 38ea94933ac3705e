using ConvLens.Imaging;

namespace ConvLens.Visualize.Atlas;

/// <summary>Keeps finished unit images by a key made of everything that determines them, so a rerun reuses them.</summary>
public interface IAtlasImageCache
{
    /// <summary>The image stored under <paramref name="key"/>, or null.</summary>
    RgbImage? Find(string key);

    /// <summary>Stores <paramref name="image"/> under <paramref name="key"/>.</summary>
    void Store(string key, RgbImage image);
}
