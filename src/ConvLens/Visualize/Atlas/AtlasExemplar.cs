using ConvLens.Imaging;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Atlas;

/// <summary>One dataset image as a unit's exemplar: its rank, peak and the crop of its receptive field around the peak.</summary>
/// <param name="Exemplar">Score (the unit's peak activation on the image), image index and peak position in the layer's grid.</param>
/// <param name="Box">The receptive field around the peak, in the model-input pixels of <see cref="AtlasSourceImage.Image"/>.</param>
/// <param name="Crop">The box's pixels with the unit's activation map overlaid, resized to the crop size.</param>
public sealed record AtlasExemplar(Exemplar Exemplar, CropBox Box, RgbImage Crop);
