using static TorchSharp.torch;

namespace ConvLens.Tests.Fixtures;

/// <summary>One generated picture: its class and the shape's bounding box (inclusive pixel bounds).</summary>
public sealed record ShapeSample(int Label, int Top, int Left, int Bottom, int Right)
{
    public bool Contains(int y, int x, int tolerance = 0) =>
        y >= Top - tolerance && y <= Bottom + tolerance && x >= Left - tolerance && x <= Right + tolerance;
}

/// <summary>
/// Seeded pictures of one shape (circle, square, triangle, cross) at a random position, size and colour on
/// textured noise: a classification task whose right answer and location are known.
/// </summary>
public static class ShapesDataset
{
    public const int Size = 64;

    public static readonly string[] Classes = ["circle", "square", "triangle", "cross"];

    /// <summary>Images [count,3,64,64] (RGB 0..1), labels [count] and the samples' boxes.</summary>
    public static (Tensor Images, Tensor Labels, ShapeSample[] Samples) Generate(int count, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[count * 3 * Size * Size];
        var samples = new ShapeSample[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = Draw(rng, pixels.AsSpan(i * 3 * Size * Size, 3 * Size * Size), i % Classes.Length);
        }

        var images = tensor(pixels).view(count, 3, Size, Size);
        var labels = tensor(samples.Select(s => (long)s.Label).ToArray());
        return (images, labels, samples);
    }

    private static ShapeSample Draw(Random rng, Span<float> image, int label)
    {
        var plane = Size * Size;
        var background = new float[3];
        for (var c = 0; c < 3; c++)
        {
            background[c] = 0.05f + (0.4f * rng.NextSingle());
        }

        // Texture: two random plane waves plus pixel noise, so the shape is not the only structure in the picture.
        var (f1, f2) = (0.1f + (0.4f * rng.NextSingle()), 0.1f + (0.4f * rng.NextSingle()));
        var (a1, a2) = (rng.NextSingle() * MathF.PI * 2, rng.NextSingle() * MathF.PI * 2);
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var wave = (0.08f * MathF.Sin(f1 * ((x * MathF.Cos(a1)) + (y * MathF.Sin(a1))))) + (0.08f * MathF.Sin(f2 * ((x * MathF.Cos(a2)) + (y * MathF.Sin(a2)))));
                for (var c = 0; c < 3; c++)
                {
                    image[(c * plane) + (y * Size) + x] = Math.Clamp(background[c] + wave + (0.16f * (rng.NextSingle() - 0.5f)), 0f, 1f);
                }
            }
        }

        var colour = new float[3];
        do
        {
            for (var c = 0; c < 3; c++)
            {
                colour[c] = rng.NextSingle();
            }
        }
        // Shapes are brighter than their background (by 0.35 on average over the channels): one contrast polarity
        // keeps the task learnable in a few hundred steps on two cores.
        while (colour.Sum() - background.Sum() < 1.05f);

        var r = 7 + rng.Next(8);
        var cy = r + 1 + rng.Next(Size - (2 * r) - 2);
        var cx = r + 1 + rng.Next(Size - (2 * r) - 2);
        int top = Size, left = Size, bottom = -1, right = -1;
        for (var y = cy - r - 1; y <= cy + r + 1; y++)
        {
            for (var x = cx - r - 1; x <= cx + r + 1; x++)
            {
                if (!Inside(label, y - cy, x - cx, r))
                {
                    continue;
                }

                (top, left, bottom, right) = (Math.Min(top, y), Math.Min(left, x), Math.Max(bottom, y), Math.Max(right, x));
                for (var c = 0; c < 3; c++)
                {
                    image[(c * plane) + (y * Size) + x] = colour[c];
                }
            }
        }

        return new ShapeSample(label, top, left, bottom, right);
    }

    private static bool Inside(int label, int dy, int dx, int r) => label switch
    {
        0 => (dx * dx) + (dy * dy) <= r * r,
        1 => Math.Abs(dx) <= r * 4 / 5 && Math.Abs(dy) <= r * 4 / 5,
        2 => dy >= -r && dy <= r && Math.Abs(dx) * 2 * r <= (dy + r) * r,
        _ => (Math.Abs(dx) <= r / 3 && Math.Abs(dy) <= r) || (Math.Abs(dy) <= r / 3 && Math.Abs(dx) <= r),
    };
}
