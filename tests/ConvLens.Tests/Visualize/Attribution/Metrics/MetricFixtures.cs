using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

/// <summary>
/// Metric inputs on <see cref="AttributionFixtures.HandWeighted"/>: score = Σ_p wR_p relu(R_p) + wG_p relu(G_p) with
/// wR = [1,2,3,4], wG = [-1,0,1,0]; the image has R = [1,0,0,1], G = [2,0,1,1], B = 0, so the score is 4.
/// </summary>
internal sealed class MetricFixtures : IDisposable
{
    private readonly ModuleModel _model = AttributionFixtures.HandWeighted();
    private readonly Tensor _image = AttributionFixtures.HandImage();

    public MetricInput Input(float[] map, bool[]? region = null, Func<Tensor, IReadOnlyList<float[]>>? explain = null) => new()
    {
        Model = _model,
        Image = _image,
        Map = new AttributionMap(0, 0, "output 0", 4, 2, 2, map, map, null),
        Target = new RegressionOutput(0),
        Region = region,
        Explain = explain,
        Seed = 3,
    };

    /// <summary>A [3,2,2] perturbation that is <paramref name="value"/> at one channel and pixel, 0 elsewhere.</summary>
    public static float[] At(int channel, int pixel, float value)
    {
        var p = new float[12];
        p[(channel * 4) + pixel] = value;
        return p;
    }

    public void Dispose()
    {
        _image.Dispose();
        _model.Dispose();
    }
}
