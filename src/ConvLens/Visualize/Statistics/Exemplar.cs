namespace ConvLens.Visualize.Statistics;

/// <summary>How strongly one dataset image drives one unit: the unit's peak activation and where in the layer's grid it is.</summary>
/// <param name="Score">The largest activation of the channel on the image.</param>
/// <param name="Image">The image's global index in the dataset.</param>
/// <param name="Y">Row of the peak in the layer's grid (0 for [N,C] layers); the first such row on ties.</param>
/// <param name="X">Column of the peak (0 for [N,C] layers); the first such column of that row on ties.</param>
public readonly record struct Exemplar(float Score, long Image, int Y, int X)
{
    /// <summary>Strongest first; equal scores by lower image index, so every run and every shard split agrees.</summary>
    internal static int StrongestFirst(Exemplar a, Exemplar b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : a.Image.CompareTo(b.Image);
    }

    /// <summary>Weakest first; equal scores by lower image index.</summary>
    internal static int WeakestFirst(Exemplar a, Exemplar b)
    {
        var byScore = a.Score.CompareTo(b.Score);
        return byScore != 0 ? byScore : a.Image.CompareTo(b.Image);
    }
}
