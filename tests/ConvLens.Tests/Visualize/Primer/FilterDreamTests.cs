using ConvLens.Visualize.Primer;

namespace ConvLens.Tests.Visualize.Primer;

public class FilterDreamTests
{
    private static readonly float[,] Filter = PrimerKernels.DiagonalEdge5x5.Weights;

    [Fact]
    public void Should_dream_a_pattern_whose_cosine_similarity_with_the_filter_exceeds_0_99()
    {
        var result = FilterDream.GradientAscentFilter(Filter, new FilterDreamOptions { Seed = 1 });

        Assert.True(Cosine(result.Pattern, Filter) > 0.99, $"cosine similarity was {Cosine(result.Pattern, Filter)}");
        Assert.Equal(Cosine(result.Pattern, Filter), result.CosineToFilter, 1e-9);
    }

    [Fact]
    public void Should_converge_to_the_filter_scaled_by_one_over_two_lambda()
    {
        var options = new FilterDreamOptions { Seed = 2, NormPenalty = 2, LearningRate = 0.1, Steps = 200 };

        var result = FilterDream.GradientAscentFilter(Filter, options);

        var expected = Filter.Cast<float>().Select(v => v / 4f);
        Assert.All(result.Pattern.Cast<float>().Zip(expected), p => Assert.Equal(p.Second, p.First, 3));
    }

    [Fact]
    public void Should_raise_the_response_monotonically()
    {
        var result = FilterDream.GradientAscentFilter(Filter, new FilterDreamOptions { Seed = 3, Steps = 60 });

        Assert.Equal(61, result.Responses.Count);
        for (var i = 1; i < result.Responses.Count; i++)
        {
            Assert.True(result.Responses[i] >= result.Responses[i - 1] - 1e-6, $"response fell at step {i}");
        }

        Assert.True(result.Responses[^1] > result.Responses[0]);
    }

    [Fact]
    public void Should_repeat_exactly_with_the_same_seed_and_differ_with_another()
    {
        var options = new FilterDreamOptions { Seed = 42, Steps = 10, FrameInterval = 3 };

        var first = FilterDream.GradientAscentFilter(Filter, options);
        var second = FilterDream.GradientAscentFilter(Filter, options);
        var other = FilterDream.GradientAscentFilter(Filter, options with { Seed = 43 });

        Assert.Equal(first.Responses, second.Responses);
        Assert.Equal(first.Pattern.Cast<float>(), second.Pattern.Cast<float>());
        Assert.NotEqual(first.Frames[0].Pattern.Cast<float>(), other.Frames[0].Pattern.Cast<float>());
    }

    [Fact]
    public void Should_keep_frames_at_the_interval_plus_the_last_step_and_report_every_step()
    {
        var reports = new List<FilterDreamStep>();
        var progress = new SynchronousProgress<FilterDreamStep>(reports.Add);

        var result = FilterDream.GradientAscentFilter(Filter, new FilterDreamOptions { Steps = 10, FrameInterval = 4 }, progress);

        Assert.Equal([0, 4, 8, 10], result.Frames.Select(f => f.Step));
        Assert.Equal(result.Responses[4], result.Frames[1].Response);
        Assert.Equal(Enumerable.Range(1, 10), reports.Select(r => r.Step));
    }

    [Fact]
    public void Should_stop_When_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => FilterDream.GradientAscentFilter(Filter, new FilterDreamOptions(), cancellationToken: cancel.Token));
    }

    private static double Cosine(float[,] a, float[,] b)
    {
        double dot = 0, na = 0, nb = 0;
        foreach (var (x, y) in a.Cast<float>().Zip(b.Cast<float>()))
        {
            dot += x * y;
            na += x * x;
            nb += y * y;
        }

        return dot / Math.Sqrt(na * nb);
    }

    // Progress<T> posts to the thread pool; the test needs the reports before the call returns.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
