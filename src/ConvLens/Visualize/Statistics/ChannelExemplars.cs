namespace ConvLens.Visualize.Statistics;

/// <summary>The dataset images that drive one channel most and least.</summary>
/// <param name="Channel">Channel index in the layer.</param>
/// <param name="Top">The images with the highest peaks, strongest first.</param>
/// <param name="Bottom">The images with the lowest peaks, weakest first.</param>
public sealed record ChannelExemplars(int Channel, IReadOnlyList<Exemplar> Top, IReadOnlyList<Exemplar> Bottom);
