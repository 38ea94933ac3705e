namespace ConvLens.Models;

/// <summary>
/// Greedy non-maximum suppression on axis-aligned boxes: ONNX's NonMaxSuppression, and the duplicates of one detection
/// that an overlay would otherwise outline many times over.
/// </summary>
internal static class BoxSuppression
{
    /// <summary>
    /// The boxes kept, in the order visited: a box is kept when its intersection over union with every box kept
    /// before it is at most <paramref name="iouThreshold"/>, until <paramref name="max"/> are kept.
    /// </summary>
    /// <param name="corners">Four values per box, (a1, b1, a2, b2) with a1 ≤ a2 and b1 ≤ b2, in either axis order.</param>
    /// <param name="first">The index in <paramref name="corners"/> (in boxes) of the group's box 0.</param>
    /// <param name="order">The group's box indices, best first.</param>
    /// <param name="iouThreshold">The overlap above which a box is suppressed.</param>
    /// <param name="max">How many boxes to keep at most.</param>
    public static List<int> Keep(float[] corners, long first, IEnumerable<int> order, float iouThreshold, long max)
    {
        var kept = new List<int>();
        foreach (var n in order)
        {
            if (kept.Count >= max)
            {
                break;
            }

            if (kept.All(k => Iou(corners, first + k, first + n) <= iouThreshold))
            {
                kept.Add(n);
            }
        }

        return kept;
    }

    /// <summary>Intersection over union of boxes a and b (indices into the flattened boxes); 0 when either has no area.</summary>
    private static float Iou(float[] box, long a, long b)
    {
        var (i, j) = (a * 4, b * 4);
        var areaA = (box[i + 2] - box[i]) * (box[i + 3] - box[i + 1]);
        var areaB = (box[j + 2] - box[j]) * (box[j + 3] - box[j + 1]);
        if (areaA <= 0 || areaB <= 0)
        {
            return 0;
        }

        var height = Math.Max(0, Math.Min(box[i + 2], box[j + 2]) - Math.Max(box[i], box[j]));
        var width = Math.Max(0, Math.Min(box[i + 3], box[j + 3]) - Math.Max(box[i + 1], box[j + 1]));
        var intersection = height * width;
        return intersection / (areaA + areaB - intersection);
    }
}
