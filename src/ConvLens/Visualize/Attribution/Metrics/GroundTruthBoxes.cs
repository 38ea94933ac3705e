using System.Globalization;
using System.Text.Json;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>
/// Object regions for the pointing games, read from CSV (<c>image,class,x1,y1,x2,y2</c> or <c>image,class,mask.png</c>)
/// or JSON (an array of objects with the same names), and laid onto the model's input like the photo.
/// </summary>
/// <remarks>
/// Boxes are in the original photo's pixels (x2, y2 exclusive); masks are images, white inside, stretched to the photo's
/// size. Relative mask paths are relative to the boxes file. Several rows for one image and class are merged (several
/// objects). In CSV, blank lines, lines starting with '#' and a header line starting with <c>image</c> are skipped.
/// </remarks>
public sealed class GroundTruthBoxes
{
    private GroundTruthBoxes(IReadOnlyList<GroundTruthBox> entries) => Entries = entries;

    /// <summary>The rows, in file order.</summary>
    public IReadOnlyList<GroundTruthBox> Entries { get; }

    /// <summary>Reads a .csv or .json file.</summary>
    /// <exception cref="ConvLensException">The file is missing or a row is malformed (the message names the row and the accepted forms).</exception>
    public static GroundTruthBoxes Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ConvLensException($"boxes file '{path}' not found");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var text = File.ReadAllText(path);
        var rows = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromJson(text, path) : FromCsv(text, path);
        return new GroundTruthBoxes([.. rows.Select(r => r.Mask is { } m && !Path.IsPathRooted(m) ? r with { Mask = Path.Combine(folder, m) } : r)]);
    }

    /// <summary>Parses CSV text (see the remarks).</summary>
    /// <exception cref="ConvLensException">A malformed row.</exception>
    public static GroundTruthBoxes ParseCsv(string text) => new(FromCsv(text, "boxes"));

    /// <summary>
    /// The region of <paramref name="photoPath"/> for <paramref name="target"/> at the model's input size (H·W, row-major,
    /// true inside), or null when no row names this photo and target.
    /// </summary>
    public bool[]? Region(string photoPath, ITarget target, RgbImage photo, LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(photo);
        return Region(photoPath, target, () => (photo.Width, photo.Height), model);
    }

    /// <summary>As <see cref="Region(string, ITarget, RgbImage, LoadedModel)"/>, reading the photo's size from its file only when a row names it (dataset runs).</summary>
    /// <exception cref="ConvLensException">A row names the photo but it cannot be read.</exception>
    public bool[]? Region(string photoPath, ITarget target, LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(photoPath);
        return Region(photoPath, target, () =>
        {
            var photo = ImageDecoder.Load(photoPath);
            return (photo.Width, photo.Height);
        }, model);
    }

    // The size is asked for lazily: most photos of a dataset have no row, and reading one costs a decode.
    private bool[]? Region(string photoPath, ITarget target, Func<(int Width, int Height)> photoSize, LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(photoPath);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(model);
        var rows = Entries.Where(e => NamesPhoto(e.Image, photoPath) && NamesTarget(e.Class, target, model.Labels)).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var (width, height) = photoSize();
        var canvas = new RgbImage(width, height);
        foreach (var row in rows)
        {
            Paint(canvas, row);
        }

        var fitted = ModelInput.Fit(canvas, model.Preprocessing);
        return [.. Enumerable.Range(0, fitted.Width * fitted.Height).Select(i => fitted.Pixels[i * 3] > 127)];
    }

    private static void Paint(RgbImage canvas, GroundTruthBox row)
    {
        if (row.Mask is { } path)
        {
            var mask = ImageDecoder.Load(path);
            if (mask.Width != canvas.Width || mask.Height != canvas.Height)
            {
                mask = mask.Resized(canvas.Width, canvas.Height);
            }

            for (var i = 0; i < canvas.Width * canvas.Height; i++)
            {
                canvas.Pixels[i * 3] = Math.Max(canvas.Pixels[i * 3], mask.Pixels[i * 3]);
            }

            return;
        }

        for (var y = Math.Max(0, row.Y1); y < Math.Min(canvas.Height, row.Y2); y++)
        {
            for (var x = Math.Max(0, row.X1); x < Math.Min(canvas.Width, row.X2); x++)
            {
                canvas.Pixels[((y * canvas.Width) + x) * 3] = 255;
            }
        }
    }

    private static bool NamesPhoto(string given, string photoPath) =>
        given == photoPath
        || Path.GetFullPath(given) == Path.GetFullPath(photoPath)
        || given == Path.GetFileName(photoPath)
        || given == Path.GetFileNameWithoutExtension(photoPath);

    private static bool NamesTarget(string given, ITarget target, IReadOnlyList<string>? labels)
    {
        if (given is "" or "*" || given.Equals(target.Description, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        long? index = target switch
        {
            ClassLogit { Classes.Count: 1 } c => c.Classes[0],
            ClassProbability p => p.ClassIndex,
            _ => null,
        };
        return index is { } k
            && (given == k.ToString(CultureInfo.InvariantCulture)
                || (labels is not null && k < labels.Count && given.Equals(labels[(int)k], StringComparison.OrdinalIgnoreCase)));
    }

    private static List<GroundTruthBox> FromCsv(string text, string source)
    {
        var rows = new List<GroundTruthBox>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#') || (n == 0 && line.StartsWith("image", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            rows.Add(Row([.. line.Split(',').Select(c => c.Trim())], $"{source} line {n + 1}"));
        }

        return rows;
    }

    private static List<GroundTruthBox> FromJson(string text, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var rows = new List<GroundTruthBox>();
            var i = 0;
            foreach (var o in doc.RootElement.EnumerateArray())
            {
                string Field(string name) => o.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : string.Empty;
                string[] cells = o.TryGetProperty("mask", out _)
                    ? [Field("image"), Field("class"), Field("mask")]
                    : [Field("image"), Field("class"), Field("x1"), Field("y1"), Field("x2"), Field("y2")];
                rows.Add(Row(cells, $"{source} entry {i++}"));
            }

            return rows;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ConvLensException($"{source}: not a JSON array of {{image, class, x1, y1, x2, y2}} or {{image, class, mask}} objects: {e.Message}", e);
        }
    }

    private static GroundTruthBox Row(string[] cells, string where)
    {
        if (cells.Length == 3 && cells[0].Length > 0 && cells[2].Length > 0)
        {
            return new GroundTruthBox(cells[0], cells[1], 0, 0, 0, 0, cells[2]);
        }

        var numbers = cells.Length == 6 ? cells[2..].Select(c => int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null).ToArray() : [];
        if (cells.Length == 6 && cells[0].Length > 0 && numbers.All(v => v is not null) && numbers[2] > numbers[0] && numbers[3] > numbers[1])
        {
            return new GroundTruthBox(cells[0], cells[1], numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value, null);
        }

        throw new ConvLensException($"{where}: expected image,class,x1,y1,x2,y2 (integers, x2 > x1, y2 > y1) or image,class,mask.png, got '{string.Join(",", cells)}'");
    }
}
