using TorchSharp;

namespace ConvLens.Tests.Support;

/// <summary>Asserts an action leaves no live tensors on this thread (TorchSharp's dispose-scope statistics).</summary>
internal static class TensorLeakGuard
{
    public static T AssertNoLeaks<T>(Func<T> action)
    {
        var stats = DisposeScopeManager.Statistics;
        stats.Reset();
        var before = stats.ThreadTotalLiveCount;
        var result = action();
        GC.KeepAlive(result);
        var after = stats.ThreadTotalLiveCount;
        Assert.True(after <= before, $"{after - before} tensors leaked");
        return result;
    }
}
