using ConvLens.Imaging;

namespace ConvLens.Tests.Imaging;

public class ColormapsTests
{
    public static TheoryData<string, double, string> Endpoints => new()
    {
        { "viridis", 0, "440154" }, { "viridis", 1, "FDE725" },
        { "magma", 0, "000004" }, { "magma", 1, "FCFDBF" },
        { "inferno", 0, "000004" }, { "inferno", 1, "FCFFA4" },
        { "jet", 0, "000080" }, { "jet", 1, "800000" },
        { "gray", 0, "000000" }, { "gray", 1, "FFFFFF" },
        { "viridis", 128 / 255.0, "21918C" }, // matplotlib's entry 128, viridis' well-known teal midpoint
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void Should_match_matplotlib_exactly_at_the_endpoints(string id, double t, string hex)
    {
        var (r, g, b) = Colormaps.Get(id).Map(t);

        Assert.Equal(hex, $"{r:X2}{g:X2}{b:X2}");
    }

    [Fact]
    public void Should_clamp_values_outside_0_to_1_and_treat_nan_as_0()
    {
        var viridis = Colormaps.Viridis;

        Assert.Equal(viridis.Map(0), viridis.Map(-3));
        Assert.Equal(viridis.Map(1), viridis.Map(42));
        Assert.Equal(viridis.Map(0), viridis.Map(double.NaN));
    }

    [Theory]
    [InlineData("viridis")]
    [InlineData("magma")]
    [InlineData("inferno")]
    public void Should_rise_in_luminance_from_0_to_1(string id)
    {
        var map = Colormaps.Get(id);
        var previous = -1.0;

        for (var i = 0; i <= 255; i++)
        {
            var (r, g, b) = map.Map(i / 255.0);
            var luminance = (0.2126 * r) + (0.7152 * g) + (0.0722 * b);
            Assert.True(luminance >= previous - 0.75, $"{id} luminance fell at entry {i}: {luminance} < {previous}");
            previous = Math.Max(previous, luminance);
        }
    }

    [Theory]
    [InlineData(32, 0.000000, 0.001961, 1.000000)]
    [InlineData(64, 0.000000, 0.503922, 1.000000)]
    [InlineData(96, 0.085389, 1.000000, 0.882353)]
    [InlineData(128, 0.490196, 1.000000, 0.477546)]
    [InlineData(160, 0.895003, 1.000000, 0.072739)]
    [InlineData(192, 1.000000, 0.581699, 0.000000)]
    [InlineData(224, 1.000000, 0.116921, 0.000000)]
    public void Should_follow_matplotlibs_jet_formula(int index, double r, double g, double b)
    {
        // Reference values printed by tools/generate_colormap_tables.py from matplotlib's own jet LUT.
        var (mr, mg, mb) = Colormaps.Jet.Map(index / 255.0);

        // Within rounding: some of these sit exactly on a half step.
        Assert.InRange(mr, (r * 255) - 0.51, (r * 255) + 0.51);
        Assert.InRange(mg, (g * 255) - 0.51, (g * 255) + 0.51);
        Assert.InRange(mb, (b * 255) - 0.51, (b * 255) + 0.51);
    }

    [Fact]
    public void Should_interpolate_linearly_between_table_entries()
    {
        var gray = Colormaps.Gray;

        Assert.Equal((128, 128, 128), gray.Map(0.5));
        Assert.Equal((64, 64, 64), gray.Map(0.25));
    }

    [Fact]
    public void Should_list_valid_ids_When_the_id_is_unknown()
    {
        var error = Assert.Throws<ConvLensException>(() => Colormaps.Get("nope"));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        foreach (var id in Colormaps.Ids)
        {
            Assert.Contains(id, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_find_every_registered_id_case_insensitively()
    {
        Assert.Equal(["viridis", "magma", "inferno", "jet", "gray"], Colormaps.Ids);
        Assert.All(Colormaps.Ids, id => Assert.Equal(id, Colormaps.Get(id.ToUpperInvariant()).Id));
    }
}
