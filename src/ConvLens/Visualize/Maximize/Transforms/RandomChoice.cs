using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>Draws from a seeded torch generator so all randomness of a run is reproducible.</summary>
internal static class RandomChoice
{
    /// <summary>A uniform integer in [0, count).</summary>
    public static int Index(Generator rng, int count)
    {
        if (count <= 1)
        {
            return 0;
        }

        using var draw = randint(0, count, [1], dtype: ScalarType.Int64, generator: rng);
        return (int)draw.item<long>();
    }

    /// <summary>A uniform choice from a list.</summary>
    public static T From<T>(Generator rng, IReadOnlyList<T> values) => values[Index(rng, values.Count)];
}
