namespace ConvLens.Visualize.Statistics;

/// <summary>Progress of a dataset run, reported after each batch.</summary>
/// <param name="ImagesDone">Images of the shard handled so far (skipped ones included).</param>
/// <param name="ImagesTotal">Images in the shard.</param>
/// <param name="Skipped">Unreadable images so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record DatasetProgress(long ImagesDone, long ImagesTotal, long Skipped, TimeSpan Elapsed)
{
    /// <summary>Throughput so far.</summary>
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? ImagesDone / Elapsed.TotalSeconds : 0;
}
