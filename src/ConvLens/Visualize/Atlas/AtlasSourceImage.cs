using ConvLens.Imaging;

namespace ConvLens.Visualize.Atlas;

/// <summary>A dataset image some exemplar names, as the model saw it.</summary>
/// <param name="Index">Global index in the dataset.</param>
/// <param name="File">The image file.</param>
/// <param name="Image">The model-input view (fitted to the input size), at most the full-image size.</param>
/// <param name="InputWidth">Width of the model input that crop boxes refer to.</param>
/// <param name="InputHeight">Height of the model input that crop boxes refer to.</param>
public sealed record AtlasSourceImage(long Index, string File, RgbImage Image, int InputWidth, int InputHeight);
