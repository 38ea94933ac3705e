namespace ConvLens.Visualize.Attribution.Dataset;

/// <summary>The running sum of the normalised maps of one method, target and class: mergeable across shards.</summary>
/// <remarks>
/// The sum is kept in fixed point (units of 2^-32) rather than in floating point, because integer addition does not
/// depend on the order: shards merged in any grouping give exactly the sum of one run, so the merged mean maps are
/// byte-identical. A map value in [0,1] is exact at that scale down to 2^-9 and off by at most 2^-33 below, far under
/// what a mean map shows; a long holds the sum of 2^31 maps.
/// </remarks>
public sealed class ClassMeanMap
{
    /// <summary>One map value of 1 in the fixed-point sum.</summary>
    public const double Scale = 4294967296.0; // 2^32

    /// <summary>An empty sum of <paramref name="height"/> × <paramref name="width"/> maps.</summary>
    public ClassMeanMap(string method, string target, long? classIndex, int height, int width)
    {
        (Method, Target, Class, Height, Width) = (method, target, classIndex, height, width);
        Sum = new long[height * width];
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

    /// <summary>The element-wise sum of the added maps, in units of 1 / <see cref="Scale"/>.</summary>
#pragma warning disable CA1819 // The sum is the mergeable state; callers serialise it as it is.
    public long[] Sum { get; }
#pragma warning restore CA1819

    /// <summary>Adds one map (values in [0,1]).</summary>
    public void Add(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < Sum.Length; i++)
        {
            Sum[i] = checked(Sum[i] + (long)Math.Round(values[i] * Scale));
        }

        Count++;
    }

    /// <summary>Adds another sum of the same key (another shard).</summary>
    /// <exception cref="ConvLensException">The sum has another size.</exception>
    public void Merge(long[] sum, long count)
    {
        ArgumentNullException.ThrowIfNull(sum);
        if (sum.Length != Sum.Length)
        {
            throw new ConvLensException($"cannot merge the mean map of {Method} · {Target}: {sum.Length} values, expected {Height}×{Width}");
        }

        for (var i = 0; i < Sum.Length; i++)
        {
            Sum[i] = checked(Sum[i] + sum[i]);
        }

        Count += count;
    }

    /// <summary>The mean map (zeros when nothing was added).</summary>
    public float[] Mean() => [.. Sum.Select(s => Count == 0 ? 0f : (float)(s / Scale / Count))];
}
