namespace ConvLens.Cli.Settings;

/// <summary>The image parameterizations <c>convlens maximize --param</c> can optimise.</summary>
public enum Parameterization
{
    /// <summary><see cref="Visualize.Maximize.FourierImage"/>: smooth and readable.</summary>
    Fourier,

    /// <summary><see cref="Visualize.Maximize.PixelImage"/>: naive, high-frequency noise.</summary>
    Pixel,
}
