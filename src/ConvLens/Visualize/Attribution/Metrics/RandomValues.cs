namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Seeded host-side random draws for metrics (the same numbers on every platform and run).</summary>
internal static class RandomValues
{
    /// <summary><paramref name="count"/> values uniform in [0,1).</summary>
    public static float[] Uniform(int count, long seed)
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        return values;
    }

    /// <summary><paramref name="count"/> values uniform in [-<paramref name="radius"/>, <paramref name="radius"/>).</summary>
    public static float[] Symmetric(int count, double radius, Random random)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * radius);
        }

        return values;
    }

    /// <summary><paramref name="count"/> normal values with standard deviation <paramref name="std"/> (Box-Muller).</summary>
    public static float[] Normal(int count, double std, Random random)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var u = 1.0 - random.NextDouble();
            values[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    /// <summary>A generator for one metric evaluation, derived from the input's seed and the metric's id.</summary>
    public static Random For(long seed, string metric)
    {
        var hash = 17;
        foreach (var c in metric)
        {
            hash = unchecked((hash * 31) + c);
        }

        return new Random(unchecked((int)(seed ^ (seed >> 32)) ^ hash));
    }
}
