using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// NonMaxSuppression (opset 10): boxes [B, N, 4], scores [B, C, N] and the optional inputs max_output_boxes_per_class
/// (absent or 0: nothing is selected), iou_threshold (0) and score_threshold (absent: no score filter). Per batch and
/// class, greedily keeps the best-scoring box (ties by lower index) and drops the later ones whose IoU with it is above
/// the threshold. Output: int64 [selected, 3] rows (batch, class, box). Integer output, so no gradient; computed on
/// the host in float32 as the ONNX reference does.
/// </summary>
internal sealed class NonMaxSuppressionOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var centerPointBox = ctx.Attributes.Int("center_point_box", 0);
        if (centerPointBox is not (0 or 1))
        {
            throw ctx.Error($"attribute 'center_point_box' is {centerPointBox}; expected 0 (corners y1,x1,y2,x2) or 1 (centre x,y, width, height)");
        }

        return inputs =>
        {
            var (boxes, scores) = (inputs[0]!, inputs[1]!);
            if (boxes.dim() != 3 || boxes.shape[2] != 4 || scores.dim() != 3 || scores.shape[0] != boxes.shape[0] || scores.shape[2] != boxes.shape[1])
            {
                throw new ArgumentException($"boxes [{string.Join(",", boxes.shape)}] and scores [{string.Join(",", scores.shape)}] must be [B,N,4] and [B,C,N]");
            }

            var maxPerClass = Optional(inputs, 2) is { } m ? OpUtil.Longs(m).FirstOrDefault() : 0;
            var iouThreshold = Optional(inputs, 3) is { } i ? (float)OpUtil.Doubles(i).FirstOrDefault() : 0f;
            float? scoreThreshold = Optional(inputs, 4) is { } s ? (float)OpUtil.Doubles(s).FirstOrDefault() : null;
            var (batches, classes, count) = (scores.shape[0], scores.shape[1], scores.shape[2]);
            var corners = Corners(boxes.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray(), centerPointBox == 1);
            var allScores = scores.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            var selected = new List<long>();
            for (var b = 0; b < batches; b++)
            {
                for (var c = 0; c < classes; c++)
                {
                    var offset = ((b * classes) + c) * count;
                    var candidates = Enumerable.Range(0, (int)count)
                        .Where(n => scoreThreshold is not { } t || allScores[offset + n] > t)
                        .OrderByDescending(n => allScores[offset + n])
                        .ToList();
                    foreach (var n in BoxSuppression.Keep(corners, b * count, candidates, iouThreshold, maxPerClass))
                    {
                        selected.AddRange([b, c, n]);
                    }
                }
            }

            return OpUtil.One(tensor(selected.ToArray(), ScalarType.Int64).reshape(-1, 3).to(boxes.device));
        };
    }

    private static Tensor? Optional(Tensor?[] inputs, int i) => i < inputs.Length && inputs[i] is { } t && t.numel() > 0 ? t : null;

    /// <summary>Boxes as (y1, x1, y2, x2) with y1 ≤ y2 and x1 ≤ x2: corner boxes may come flipped; centre boxes are converted.</summary>
    private static float[] Corners(float[] raw, bool centerPoint)
    {
        var corners = new float[raw.Length];
        for (var i = 0; i < raw.Length; i += 4)
        {
            if (centerPoint)
            {
                var (x, y, w, h) = (raw[i], raw[i + 1], raw[i + 2], raw[i + 3]);
                (corners[i], corners[i + 1], corners[i + 2], corners[i + 3]) = (y - (h / 2), x - (w / 2), y + (h / 2), x + (w / 2));
            }
            else
            {
                (corners[i], corners[i + 2]) = (Math.Min(raw[i], raw[i + 2]), Math.Max(raw[i], raw[i + 2]));
                (corners[i + 1], corners[i + 3]) = (Math.Min(raw[i + 1], raw[i + 3]), Math.Max(raw[i + 1], raw[i + 3]));
            }
        }

        return corners;
    }
}
