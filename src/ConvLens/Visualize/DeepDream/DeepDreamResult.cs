using ConvLens.Imaging;

namespace ConvLens.Visualize.DeepDream;

/// <summary>The dreamed image, the frames (if kept), the objective history and the settings used.</summary>
/// <param name="Image">The final image, at the input size.</param>
/// <param name="Frames">The image after every step, at the input size (empty unless <see cref="DeepDreamOptions.KeepFrames"/>).</param>
/// <param name="ObjectiveByStep">Objective value at every step.</param>
/// <param name="Objective">The objective's description.</param>
/// <param name="Options">The settings, including the seed.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record DeepDreamResult(
    RgbImage Image,
    IReadOnlyList<RgbImage> Frames,
    IReadOnlyList<double> ObjectiveByStep,
    string Objective,
    DeepDreamOptions Options,
    TimeSpan Elapsed);
