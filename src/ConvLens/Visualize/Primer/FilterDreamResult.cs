namespace ConvLens.Visualize.Primer;

/// <summary>The outcome of filter dreaming: the final pattern, the response after every step and snapshot frames.</summary>
/// <param name="Filter">The filter whose response was maximised, indexed [row, column].</param>
/// <param name="Pattern">The final dreamed pattern, same shape as the filter.</param>
/// <param name="Responses">The objective at the start and after each update: <c>Steps + 1</c> values.</param>
/// <param name="Frames">Snapshots at step 0, every frame interval, and the last step.</param>
public sealed record FilterDreamResult(
    float[,] Filter,
    float[,] Pattern,
    IReadOnlyList<double> Responses,
    IReadOnlyList<FilterDreamFrame> Frames)
{
    /// <summary>Cosine similarity between the pattern and the filter: 1 when the pattern is a scaled copy of it.</summary>
    public double CosineToFilter
    {
        get
        {
            double dot = 0, pp = 0, ff = 0;
            foreach (var (p, f) in Pattern.Cast<float>().Zip(Filter.Cast<float>()))
            {
                dot += p * f;
                pp += p * p;
                ff += f * f;
            }

            return pp == 0 || ff == 0 ? 0 : dot / Math.Sqrt(pp * ff);
        }
    }
}
