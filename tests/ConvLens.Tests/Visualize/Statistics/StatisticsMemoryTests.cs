using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Statistics;

[Collection("Sequential")]
public class StatisticsMemoryTests
{
    [Fact]
    public void Should_keep_live_tensor_count_flat_over_100_batches()
    {
        using var model = TinyModels.SmallConvNet();
        var stats = new ChannelStatistics(8, new HistogramSpec(0, 2, 16));
        var counts = new List<long>();

        for (var i = 0; i < 100; i++)
        {
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                var run = model.Run(rand(2, 3, 16, 16), ["relu2"], needOutput: false);
                stats.Update(run["relu2"]);
            }

            counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        Assert.Equal(200, stats.Images);
        Assert.Equal(counts[0], counts[^1]);
        Assert.Equal(counts[10], counts.Max());
    }

    [Fact]
    public void Should_leave_no_live_tensors_after_a_dataset_run_of_100_batches()
    {
        using var images = new TempImages();
        for (var i = 0; i < 100; i++)
        {
            images.Write($"i{i:D3}.png", 8, 8, i);
        }

        using var model = TinyModels.SmallConvNet();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var result = DatasetStatistics.Run(model, DatasetSource.FromPath(images.Folder), ["relu1"], new DatasetStatisticsOptions { BatchSize = 1 });

        Assert.Equal(100, result.ImagesProcessed);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
