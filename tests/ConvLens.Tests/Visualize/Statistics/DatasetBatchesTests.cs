using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Statistics;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Statistics;

public class DatasetBatchesTests
{
    private static readonly Preprocessing Small = new() { Height = 16, Width = 16 };

    // Sorted by path: sub0/broken.jpg is image 0, then sub0/img000..img006 (1-4) and sub1/img001..img005 (5-7).
    private static TempImages DatasetWithBrokenFirstImage()
    {
        var images = new TempImages();
        for (var i = 0; i < 7; i++)
        {
            images.Write($"sub{i % 2}/img{i:D3}.png", 20 + (i % 3), 20, i);
        }

        images.WriteBytes("sub0/broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        return images;
    }

    [Fact]
    public void Should_hand_out_whole_batches_in_order_with_the_bad_file_listed_and_its_slot_closed()
    {
        using var images = DatasetWithBrokenFirstImage();
        var paths = DatasetSource.FromPath(images.Folder).Images;
        using var batches = new DatasetBatches(paths, Small, (0, 8), new DatasetStatisticsOptions { BatchSize = 3 }, CancellationToken.None);

        var seen = new List<long[]>();
        var pixelsMatch = new List<bool>();
        while (batches.Next() is { } batch)
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                seen.Add(batch.Indices);
                var x = batch.ToTensor();
                pixelsMatch.AddRange(batch.Indices.Select((index, slot) => x[slot].eq(Decoded(paths[(int)index])).all().item<bool>()));
            }
        }

        Assert.Equal(new long[][] { [1, 2], [3, 4, 5], [6, 7] }, seen);
        Assert.All(pixelsMatch, Assert.True);
        Assert.Equal("broken.jpg", Path.GetFileName(Assert.Single(batches.Skipped).Path));
    }

    [Fact]
    public void Should_count_skipped_files_only_as_their_batches_are_read()
    {
        using var images = DatasetWithBrokenFirstImage();
        images.WriteBytes("sub1/zbroken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]); // image 8, in the third batch
        var paths = DatasetSource.FromPath(images.Folder).Images;
        using var batches = new DatasetBatches(paths, Small, (0, 9), new DatasetStatisticsOptions { BatchSize = 3 }, CancellationToken.None);

        batches.Next()!.Dispose();
        batches.Next()!.Dispose();

        // The third batch may well be decoded already (prefetch), but it has not been handed out.
        Assert.Equal("broken.jpg", Path.GetFileName(Assert.Single(batches.Skipped).Path));
        using var third = batches.Next();
        Assert.Equal(new long[] { 6, 7 }, third!.Indices);
        Assert.Equal(["broken.jpg", "zbroken.jpg"], batches.Skipped.Select(s => Path.GetFileName(s.Path)));
    }

    [Fact]
    public void Should_serve_the_range_pass_from_the_run_stream_When_the_run_starts_at_image_0()
    {
        using var images = DatasetWithBrokenFirstImage();
        using var model = TinyModels.SmallConvNet();
        var paths = DatasetSource.FromPath(images.Folder).Images;
        var options = new DatasetStatisticsOptions { BatchSize = 2 };
        using var batches = new DatasetBatches(paths, model.Preprocessing, (0, 8), options, CancellationToken.None);
        using var rangePass = new RangePass(new ForwardPass(model, ["relu1"], model.Device), bins: 8);

        var ranges = rangePass.Measure(batches, sample: 4, valuesPerImage: 4 * 16 * 16);

        // The sample's two batches were kept (the first one without its broken file), and the stream goes on after them.
        Assert.Equal(new long[][] { [1], [2, 3] }, rangePass.Kept.Select(k => k.Indices));
        Assert.Equal(new long[] { 2, 4, 16, 16 }, rangePass.Kept[1].Activations["relu1"].shape);
        Assert.Equal(0f, ranges["relu1"].Min);
        using var next = batches.Next();
        Assert.Equal(new long[] { 4, 5 }, next!.Indices);
    }

    [Theory]
    [InlineData(2, 8, 2)] // a shard that does not start at image 0
    [InlineData(0, 8, 3)] // a sample of 4 that ends inside a batch of 3
    public void Should_read_the_sample_from_a_stream_of_its_own_When_the_run_cannot_serve_it(long start, long end, int batchSize)
    {
        using var images = DatasetWithBrokenFirstImage();
        using var model = TinyModels.SmallConvNet();
        var paths = DatasetSource.FromPath(images.Folder).Images;
        var options = new DatasetStatisticsOptions { BatchSize = batchSize };
        using var batches = new DatasetBatches(paths, model.Preprocessing, (start, end), options, CancellationToken.None);
        using var rangePass = new RangePass(new ForwardPass(model, ["relu1"], model.Device), bins: 8);

        rangePass.Measure(batches, sample: 4, valuesPerImage: 4 * 16 * 16);

        Assert.Empty(rangePass.Kept);
        using var first = batches.Next();
        Assert.Equal(start == 0 ? new long[] { 1, 2 } : [2, 3], first!.Indices);
    }

    private static Tensor Decoded(string path)
    {
        var pixels = new float[3 * 16 * 16];
        ImageBatchLoader.LoadInto(path, Small, pixels);
        return tensor(pixels, [3, 16, 16]);
    }
}
