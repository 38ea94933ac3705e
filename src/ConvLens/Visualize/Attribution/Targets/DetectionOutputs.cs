using ConvLens.Models;
using ConvLens.Models.Onnx;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The layout of a detector's raw outputs.</summary>
public enum DetectionFormat
{
    /// <summary>One output [N, boxes, 4+1+classes]: cx, cy, w, h, objectness, class scores (YOLOv5 style).</summary>
    BoxesFirst,

    /// <summary>One output [N, 4+classes, boxes]: cx, cy, w, h, class scores (YOLOv8 style).</summary>
    AttributesFirst,

    /// <summary>Two outputs, scores [N, boxes, classes] and boxes [N, boxes, 4] as x1, y1, x2, y2 (SSD / RetinaNet heads).</summary>
    ScoresAndBoxes,
}

/// <summary>Finds a detector's box and score outputs and reads them as boxes [N,B,4] (x1,y1,x2,y2) and scores [N,B,C].</summary>
/// <remarks>Scores are used as the model gives them (probabilities or logits); YOLOv5's are objectness × class score.</remarks>
public sealed class DetectionOutputs
{
    /// <summary>What is accepted, for errors and docs.</summary>
    public const string Accepted = "a YOLO-style output [N,boxes,4+1+classes] or [N,4+classes,boxes], or SSD/RetinaNet-style outputs scores [N,boxes,classes] and boxes [N,boxes,4]";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoadedModel, Found> s_found = [];

    private DetectionOutputs(DetectionFormat format, long classes, string? scores = null, string? boxes = null)
    {
        Format = format;
        Classes = classes;
        ScoresLayer = scores;
        BoxesLayer = boxes;
    }

    /// <summary>The format found.</summary>
    public DetectionFormat Format { get; }

    /// <summary>Number of classes.</summary>
    public long Classes { get; }

    /// <summary>The score output's name (<see cref="DetectionFormat.ScoresAndBoxes"/>), else null.</summary>
    public string? ScoresLayer { get; }

    /// <summary>The box output's name (<see cref="DetectionFormat.ScoresAndBoxes"/>), else null.</summary>
    public string? BoxesLayer { get; }

    /// <summary>The outputs a target must tap besides the model output.</summary>
    public IReadOnlyList<string> Layers => Format == DetectionFormat.ScoresAndBoxes ? [ScoresLayer!, BoxesLayer!] : [];

    /// <summary>Looks at the outputs of <paramref name="model"/> at its input size.</summary>
    /// <exception cref="ConvLensException">No output fits a detection format; the message names the output shapes.</exception>
    public static DetectionOutputs Find(LoadedModel model, string target)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (TryFind(model) is { } found)
        {
            return found;
        }

        var outputs = string.Join(", ", OutputShapes(model).Select(s => $"{s.Name} [{string.Join(",", s.Shape)}]"));
        throw new ConvLensException($"target '{target}' needs box outputs, but model '{model.Name}' outputs {outputs}; accepted are {Accepted}");
    }

    /// <summary>The format of <paramref name="model"/>'s outputs, or null when they fit none; looked at once per model.</summary>
    /// <remarks>
    /// Why cached: <c>auto</c> asks on every model, and reading the output shapes costs a forward pass. When the file
    /// names its classes (Ultralytics' metadata), a YOLO output's rows after them are not classes: the mask
    /// coefficients of a segmentation export, the keypoints of a pose export.
    /// </remarks>
    internal static DetectionOutputs? TryFind(LoadedModel model) =>
        s_found.GetValue(model, m => new Found(Match(OutputShapes(m), (m as OnnxModel)?.Ultralytics?.Names.Count))).Outputs;

    private static DetectionOutputs? Match(List<(string Name, long[] Shape)> shapes, long? namedClasses)
    {
        var threeD = shapes.Where(s => s.Shape.Length == 3).ToList();
        foreach (var (boxName, box) in threeD.Where(s => s.Shape[2] == 4))
        {
            if (threeD.FirstOrDefault(s => s.Name != boxName && s.Shape[1] == box[1]) is { Name: not null } score)
            {
                return new(DetectionFormat.ScoresAndBoxes, score.Shape[2], score.Name, boxName);
            }
        }

        if (shapes.Count > 0 && shapes[0].Shape is { Length: 3 } y)
        {
            if (y[1] > y[2] && y[2] >= 6)
            {
                return new(DetectionFormat.BoxesFirst, Math.Min(y[2] - 5, namedClasses ?? long.MaxValue));
            }

            if (y[1] < y[2] && y[1] >= 5)
            {
                return new(DetectionFormat.AttributesFirst, Math.Min(y[1] - 4, namedClasses ?? long.MaxValue));
            }
        }

        return null;
    }

    /// <summary>Boxes [N,B,4] as x1, y1, x2, y2 in model input pixels.</summary>
    public Tensor Boxes(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Format == DetectionFormat.ScoresAndBoxes)
        {
            return run[BoxesLayer!];
        }

        var y = Rows(run);
        var (cx, cy, w, h) = (y[.., .., 0], y[.., .., 1], y[.., .., 2] / 2, y[.., .., 3] / 2);
        return stack([cx - w, cy - h, cx + w, cy + h], -1);
    }

    /// <summary>Class scores [N,B,C] (YOLOv5: objectness × class score).</summary>
    public Tensor Scores(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Format == DetectionFormat.ScoresAndBoxes)
        {
            return run[ScoresLayer!];
        }

        var y = Rows(run);
        return Format == DetectionFormat.BoxesFirst ? y.narrow(2, 5, Classes) * y[.., .., 4..5] : y.narrow(2, 4, Classes);
    }

    private Tensor Rows(ModelRun run)
    {
        var output = run.Output ?? throw new ConvLensException("the run computed no model output, which this target needs");
        return Format == DetectionFormat.AttributesFirst ? output.transpose(1, 2) : output;
    }

    // A box for the cache, which cannot hold null.
    private sealed record Found(DetectionOutputs? Outputs);

    private static List<(string Name, long[] Shape)> OutputShapes(LoadedModel model)
    {
        var (h, w) = (model.Preprocessing.Height, model.Preprocessing.Width);
        if (model is OnnxModel onnx)
        {
            var described = model.DescribeLayers(h, w).ToDictionary(l => l.Name, l => l.OutputShape.ToArray(), StringComparer.Ordinal);
            return [.. onnx.OutputNames.Where(described.ContainsKey).Select(n => (n, described[n]))];
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = model.Run(zeros(1, 3, h, w, device: model.Device)).Output;
        return output is null ? [] : [("output", output.shape)];
    }
}
