using System.Globalization;
using System.Text.RegularExpressions;
using Onnx;

namespace ConvLens.Models.Onnx;

/// <summary>
/// What Ultralytics' ONNX exporter (YOLOv5 7.0+, YOLOv8, YOLO11) writes into the file's metadata: the task, the
/// class names and the training size. Such a model takes RGB in 0..1 without normalisation, letterboxed for the
/// detection tasks; read here so that a YOLO file works without options.
/// </summary>
/// <param name="Task">detect, segment, pose, obb or classify.</param>
/// <param name="Names">Class names, index k at position k.</param>
/// <param name="ImageSize">The export's (height, width), or null when the metadata gives none.</param>
public sealed partial record UltralyticsMetadata(string Task, IReadOnlyList<string> Names, (int Height, int Width)? ImageSize)
{
    private static readonly string[] Tasks = ["detect", "segment", "pose", "obb", "classify"];

    /// <summary>The metadata of <paramref name="model"/>, or null when it is not an Ultralytics export.</summary>
    /// <remarks>Recognised by the keys the exporter always writes: a known <c>task</c>, <c>stride</c> and <c>names</c>.</remarks>
    public static UltralyticsMetadata? Read(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var props = model.MetadataProps.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        if (!props.TryGetValue("task", out var task) || !Tasks.Contains(task) || !props.ContainsKey("stride")
            || !props.TryGetValue("names", out var names) || ParseNames(names) is not { Count: > 0 } labels)
        {
            return null;
        }

        return new UltralyticsMetadata(task, labels, props.TryGetValue("imgsz", out var size) ? ParseSize(size) : null);
    }

    /// <summary>The preprocessing the exporter's predictor applies, at <paramref name="height"/> x <paramref name="width"/>.</summary>
    public Preprocessing PreprocessingAt(int height, int width) => Task == "classify"
        ? new Preprocessing { Height = height, Width = width, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterTo = Math.Min(height, width) }
        : new Preprocessing { Height = height, Width = width, Resize = ResizeMode.Letterbox };

    /// <summary>A Python dict literal of int keys and quoted names, <c>{0: 'person', 1: "o'clock"}</c>, as a list; null when the keys are not 0..n-1.</summary>
    internal static IReadOnlyList<string>? ParseNames(string text)
    {
        var entries = NameEntry().Matches(text)
            .Select(m => (Index: int.Parse(m.Groups["k"].Value, CultureInfo.InvariantCulture), Name: Unquote(m.Groups["v"].Value)))
            .ToList();
        return entries.Count > 0 && entries.Select(e => e.Index).Order().SequenceEqual(Enumerable.Range(0, entries.Count))
            ? [.. entries.OrderBy(e => e.Index).Select(e => e.Name)]
            : null;
    }

    private static (int Height, int Width)? ParseSize(string text)
    {
        var numbers = Regex.Matches(text, "[0-9]+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        return numbers switch
        {
            [var s] when s > 0 => (s, s),
            [var h, var w] when h > 0 && w > 0 => (h, w),
            _ => null,
        };
    }

    private static string Unquote(string quoted) =>
        Regex.Replace(quoted[1..^1], @"\\(.)", m => m.Groups[1].Value);

    [GeneratedRegex("""(?<k>[0-9]+)\s*:\s*(?<v>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")]
    private static partial Regex NameEntry();
}
