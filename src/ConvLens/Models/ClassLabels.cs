namespace ConvLens.Models;

/// <summary>Reads class-label files: one label per line, line k naming output k.</summary>
public static class ClassLabels
{
    /// <summary>Loads the labels in <paramref name="path"/>; blank trailing lines are ignored.</summary>
    /// <exception cref="ConvLensException">The file is missing, unreadable or empty.</exception>
    public static IReadOnlyList<string> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConvLensException($"labels file '{path}' not found");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConvLensException($"cannot read labels file '{path}': {e.Message}", e);
        }

        var labels = lines.Select(l => l.Trim()).Reverse().SkipWhile(l => l.Length == 0).Reverse().ToList();
        return labels.Count == 0
            ? throw new ConvLensException($"labels file '{path}' is empty; expected one class name per line")
            : labels;
    }

    /// <summary>The index of <paramref name="label"/> (case-insensitive), or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
