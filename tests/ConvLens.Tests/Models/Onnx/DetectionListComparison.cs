using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

/// <summary>
/// Compares the detections of a post-processed detector export (boxes [K,4], scores [K], labels [K], best first)
/// with torch's, as far as float32 rounding lets two implementations agree.
/// </summary>
/// <remarks>
/// Why not element by element, nor as a set: the order is a chain of discrete decisions (TopK, then greedy
/// non-maximum suppression) on scores that random weights leave within a few float32 steps of each other, e.g.
/// ssdlite320's class-56 boxes at 0.8476011 in torch and 0.84760195 in ConvLens. Two candidates that close swap
/// places under any change of rounding, and the swap also changes which boxes NMS suppresses, so the detections
/// after it differ as a set too. ConvLens's TopK and NonMaxSuppression break exact ties by the lower index as ONNX
/// specifies (ONNX Runtime does the same); torch's sort leaves exact ties in no defined order. So the lists must
/// agree one by one (label exactly, box and score within the tolerance) up to the first detection where they
/// differ, and there the two scores must be within the tolerance of each other: a decision rounding can flip.
/// A difference anywhere else fails.
/// </remarks>
internal static class DetectionListComparison
{
    /// <summary>
    /// How far the lists agree: the detections that agree in order, the worst relative error among them, where the
    /// order parted at a near tie, and (for the record, not asserted) how many of torch's detections ConvLens has anywhere.
    /// </summary>
    public sealed record Result(int Compared, long ExpectedCount, long ActualCount, double WorstRelativeError, string? StoppedAt, int FoundAnywhere);

    /// <summary>Walks both lists from the best detection; throws on a difference that is not a near tie.</summary>
    public static Result Compare((Tensor Boxes, Tensor Scores, Tensor Labels) expected, (Tensor Boxes, Tensor Scores, Tensor Labels) actual, double tolerance)
    {
        var (eb, es, el) = (Floats(expected.Boxes), Floats(expected.Scores), Longs(expected.Labels));
        var (ab, @as, al) = (Floats(actual.Boxes), Floats(actual.Scores), Longs(actual.Labels));
        var boxScale = Math.Max(eb.Select(Math.Abs).DefaultIfEmpty().Max(), float.Epsilon);
        var scoreScale = Math.Max(es.Select(Math.Abs).DefaultIfEmpty().Max(), float.Epsilon);
        var worst = 0.0;
        var count = Math.Min(es.Length, @as.Length);
        for (var i = 0; i < count; i++)
        {
            var boxError = Enumerable.Range(4 * i, 4).Max(j => Math.Abs(eb[j] - ab[j])) / boxScale;
            var scoreError = Math.Abs(es[i] - @as[i]) / scoreScale;
            if (el[i] == al[i] && boxError <= tolerance && scoreError <= tolerance)
            {
                worst = Math.Max(worst, Math.Max(boxError, scoreError));
                continue;
            }

            var what = $"detection {i}: torch class {el[i]} score {es[i]:R} box [{Box(eb, i)}], ConvLens class {al[i]} score {@as[i]:R} box [{Box(ab, i)}]";
            Assert.True(scoreError <= tolerance, $"{what}; the scores are {scoreError:G3} apart (relative), more than rounding explains");
            return new(i, es.Length, @as.Length, worst, what, FoundAnywhere());
        }

        return new(count, es.Length, @as.Length, worst, null, FoundAnywhere());

        bool Same(int e, int a) => el[e] == al[a] && Math.Abs(es[e] - @as[a]) / scoreScale <= tolerance
            && Enumerable.Range(0, 4).All(j => Math.Abs(eb[(4 * e) + j] - ab[(4 * a) + j]) / boxScale <= tolerance);

        int FoundAnywhere() => Enumerable.Range(0, es.Length).Count(e => Enumerable.Range(0, @as.Length).Any(a => Same(e, a)));
    }

    private static string Box(float[] boxes, int i) => string.Join(",", boxes.Skip(4 * i).Take(4).Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));

    private static float[] Floats(Tensor t) => t.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    private static long[] Longs(Tensor t) => t.cpu().to_type(ScalarType.Int64).contiguous().data<long>().ToArray();
}
