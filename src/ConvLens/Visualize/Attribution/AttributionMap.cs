namespace ConvLens.Visualize.Attribution;

/// <summary>One explanation: a row-major [Height, Width] map for one image and one target.</summary>
public sealed class AttributionMap
{
    /// <summary>Creates a map; arrays are taken as they are (not copied).</summary>
    public AttributionMap(int imageIndex, int targetIndex, string target, float score, int height, int width, float[] values, float[] raw, string? warning)
    {
        ImageIndex = imageIndex;
        TargetIndex = targetIndex;
        Target = target;
        Score = score;
        Height = height;
        Width = width;
        Values = values;
        Raw = raw;
        Warning = warning;
    }

    /// <summary>The class the target stood for on this image when the method could tell (the top class of <see cref="Targets.TopClass"/>), or null.</summary>
    public long? Class { get; init; }

    /// <summary>Index of the image in the batch.</summary>
    public int ImageIndex { get; }

    /// <summary>Index of the target in the request.</summary>
    public int TargetIndex { get; }

    /// <summary>The target's description (e.g. "class 3").</summary>
    public string Target { get; }

    /// <summary>The target's score on the unmodified image.</summary>
    public float Score { get; }

    /// <summary>Map height in pixels.</summary>
    public int Height { get; }

    /// <summary>Map width in pixels.</summary>
    public int Width { get; }

    /// <summary>The map normalised per image to [0,1] (min-max); all zeros when the map was constant.</summary>
    public float[] Values { get; }

    /// <summary>The unnormalised map (after the method's ReLU, if any), comparable across images.</summary>
    public float[] Raw { get; }

    /// <summary>Why the map is degenerate (e.g. constant), or null.</summary>
    public string? Warning { get; }

    /// <summary>The normalised value at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public float this[int y, int x] => Values[(y * Width) + x];

    /// <summary>Row and column of the largest normalised value (the first one on ties).</summary>
    public (int Y, int X) ArgMax()
    {
        var best = 0;
        for (var i = 1; i < Values.Length; i++)
        {
            if (Values[i] > Values[best])
            {
                best = i;
            }
        }

        return (best / Width, best % Width);
    }
}
