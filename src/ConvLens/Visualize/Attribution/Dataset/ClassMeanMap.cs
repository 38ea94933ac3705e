namespace ConvLens.Visualize.Attribution.Dataset;

/// <summary>The running sum of the normalised maps of one method, target and class: mergeable across shards.</summary>
public sealed class ClassMeanMap
{
    /// <summary>An empty sum of <paramref name="height"/> × <paramref name="width"/> maps.</summary>
    public ClassMeanMap(string method, string target, long? classIndex, int height, int width)
    {
        (Method, Target, Class, Height, Width) = (method, target, classIndex, height, width);
        Sum = new double[height * width];
    }

    /// <summary>Method id.</summary>
    public string Method { get; }

    /// <summary>Target description.</summary>
    public string Target { get; }

    /// <summary>The class, or null when the target names none.</summary>
    public long? Class { get; }

    /// <summary>Map height.</summary>
    public int Height { get; }

    /// <summary>Map width.</summary>
    public int Width { get; }

    /// <summary>Maps added.</summary>
    public long Count { get; private set; }

    /// <summary>The element-wise sum of the added maps.</summary>
#pragma warning disable CA1819 // The sum is the mergeable state; callers serialise it as it is.
    public double[] Sum { get; }
#pragma warning restore CA1819

    /// <summary>Adds one map.</summary>
    public void Add(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < Sum.Length; i++)
        {
            Sum[i] += values[i];
        }

        Count++;
    }

    /// <summary>Adds another sum of the same key (another shard).</summary>
    public void Merge(double[] sum, long count)
    {
        ArgumentNullException.ThrowIfNull(sum);
        for (var i = 0; i < Sum.Length; i++)
        {
            Sum[i] += sum[i];
        }

        Count += count;
    }

    /// <summary>The mean map (zeros when nothing was added).</summary>
    public float[] Mean() => [.. Sum.Select(s => Count == 0 ? 0f : (float)(s / Count))];
}
