using ConvLens.Imaging;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Statistics;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Statistics;

public class UnitExemplarsTests
{
    // Small integers, so that many peaks tie and the tie-breaking is exercised.
    private static float[] Data(int n, int c, int p, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n * c * p).Select(_ => (float)rng.Next(-3, 6))];
    }

    // The definition, written out: each image's first peak per channel, all images sorted, the first k kept.
    private static (Exemplar[] Top, Exemplar[] Bottom) BruteForce(float[] data, int n, int c, int w, int p, int channel, int k, long firstImage = 0)
    {
        var all = Enumerable.Range(0, n).Select(i =>
        {
            var plane = data.AsSpan(((i * c) + channel) * p, p).ToArray();
            var peak = plane.Max();
            var at = Array.IndexOf(plane, peak);
            return new Exemplar(peak, firstImage + i, at / w, at % w);
        }).ToArray();
        return (
            [.. all.OrderByDescending(e => e.Score).ThenBy(e => e.Image).Take(k)],
            [.. all.OrderBy(e => e.Score).ThenBy(e => e.Image).Take(k)]);
    }

    private static UnitExemplars Search(float[] data, int n, int c, int h, int w, int k, IEnumerable<int> cuts, long firstImage = 0)
    {
        var search = new UnitExemplars(c, k);
        using var scope = NewDisposeScope();
        var all = tensor(data, [n, c, h, w]);
        var bounds = cuts.Where(cut => cut < n).Prepend(0).Append(n).ToArray();
        for (var b = 0; b + 1 < bounds.Length; b++)
        {
            search.UpdateAt(all[bounds[b]..bounds[b + 1]], [.. Enumerable.Range(bounds[b], bounds[b + 1] - bounds[b]).Select(i => firstImage + i)]);
        }

        return search;
    }

    [Theory]
    [InlineData(37, 5, 3, 4, 4)]
    [InlineData(9, 3, 1, 1, 20)] // fewer images than k: every image is listed
    [InlineData(64, 2, 7, 7, 1)]
    public void Should_equal_a_brute_force_search_exactly_When_peaks_tie(int n, int c, int h, int w, int k)
    {
        var data = Data(n, c, h * w, seed: n);

        var search = Search(data, n, c, h, w, k, [3, 4, 20]);

        for (var ch = 0; ch < c; ch++)
        {
            var (top, bottom) = BruteForce(data, n, c, w, h * w, ch, k);
            Assert.Equal(top, search.Of(ch).Top);
            Assert.Equal(bottom, search.Of(ch).Bottom);
        }
    }

    [Fact]
    public void Should_merge_shards_in_any_order_into_exactly_the_single_search()
    {
        const int n = 50, c = 4, h = 2, w = 3, k = 6;
        var data = Data(n, c, h * w, seed: 3);
        var single = Search(data, n, c, h, w, k, [7, 16, 33]);

        var cuts = new[] { 0, 12, 13, 31, 50 };
        var parts = Enumerable.Range(0, 4).Select(s =>
        {
            var count = cuts[s + 1] - cuts[s];
            return Search(data[(cuts[s] * c * h * w)..(cuts[s + 1] * c * h * w)], count, c, h, w, k, [], firstImage: cuts[s]);
        }).ToArray();
        var merged = parts[2];
        foreach (var part in new[] { parts[0], parts[3], parts[1] })
        {
            merged.Merge(part);
        }

        for (var ch = 0; ch < c; ch++)
        {
            Assert.Equal(single.Of(ch).Top, merged.Of(ch).Top);
            Assert.Equal(single.Of(ch).Bottom, merged.Of(ch).Bottom);
        }
    }

    [Fact]
    public void Should_pass_over_NaN_values_and_planes_of_NaN()
    {
        var search = new UnitExemplars(1, 3);
        using var scope = NewDisposeScope();
        search.UpdateAt(tensor(new[] { float.NaN, 2f, 5f, float.NaN, float.NaN, float.NaN, 1f, 1f }, [2, 1, 2, 2]), [10, 11]);
        search.UpdateAt(tensor(new[] { float.NaN, float.NaN, float.NaN, float.NaN }, [1, 1, 2, 2]), [12]);

        Assert.Equal([new Exemplar(5f, 10, 1, 0), new Exemplar(1f, 11, 1, 0)], search.Of(0).Top);
        Assert.Equal([new Exemplar(1f, 11, 1, 0), new Exemplar(5f, 10, 1, 0)], search.Of(0).Bottom);
    }

    [Fact]
    public void Should_rank_the_units_of_a_flat_layer_at_position_0()
    {
        var search = new UnitExemplars(2, 1);
        using var scope = NewDisposeScope();
        search.UpdateAt(tensor(new[] { 1f, -4f, 3f, 2f }, [2, 2]), [0, 1]);

        Assert.Equal(new Exemplar(3f, 1, 0, 0), search.Of(0).Top.Single());
        Assert.Equal(new Exemplar(-4f, 0, 0, 0), search.Of(1).Bottom.Single());
    }

    [Fact]
    public void Should_refuse_to_merge_searches_of_other_sizes()
    {
        var error = Assert.Throws<ConvLensException>(() => new UnitExemplars(4, 9).Merge(new UnitExemplars(4, 5)));
        Assert.Contains("top 9", error.Message);
    }

    [Fact]
    public void Should_list_the_dataset_images_a_model_layer_peaks_on_as_a_forward_over_the_same_batches_does()
    {
        using var images = new TempImages();
        for (var i = 0; i < 9; i++)
        {
            images.Write($"img{i:D3}.png", 20 + (i % 3), 20, i);
        }

        images.WriteBytes("img004b-broken.png", [1, 2, 3]);
        using var model = TinyModels.SmallConvNet();
        var source = DatasetSource.FromPath(images.Folder);

        var result = DatasetStatistics.Run(model, source, ["relu1"], new DatasetStatisticsOptions { BatchSize = 4, Exemplars = 3 });

        // The stream's batches: [0..3], then [4, 6, 7] (5 is the broken file), then [8, 9].
        var readable = Enumerable.Range(0, source.Images.Count).Where(i => !source.Images[i].EndsWith("broken.png", StringComparison.Ordinal)).ToArray();
        Assert.Equal(10, source.Images.Count);
        Assert.Equal(5, Array.FindIndex(source.Images.ToArray(), f => f.EndsWith("broken.png", StringComparison.Ordinal)));
        var expected = new UnitExemplars((int)result.Layers[0].Shape[0], 3);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            foreach (var batch in new[] { readable[..4], readable[4..7], readable[7..] })
            {
                var pixels = new float[batch.Length * 3 * 16 * 16];
                for (var i = 0; i < batch.Length; i++)
                {
                    ImageBatchLoader.LoadInto(source.Images[batch[i]], model.Preprocessing, pixels.AsSpan(i * 3 * 16 * 16, 3 * 16 * 16));
                }

                expected.UpdateAt(model.Run(tensor(pixels, [batch.Length, 3, 16, 16]), ["relu1"])["relu1"], [.. batch.Select(i => (long)i)]);
            }
        }

        var found = result.Layers[0].Exemplars!;
        for (var c = 0; c < found.Channels; c++)
        {
            Assert.Equal(expected.Of(c).Top, found.Of(c).Top);
            Assert.Equal(expected.Of(c).Bottom, found.Of(c).Bottom);
            Assert.DoesNotContain(found.Of(c).Top, e => e.Image == 5);
        }

        Assert.All(result.ExemplarFiles, f => Assert.Equal(source.Images[(int)f.Key], f.Value));
        Assert.Contains(found.Of(0).Top[0].Image, result.ExemplarFiles.Keys);
    }
}
