using TorchSharp;

namespace ConvLens.Tests.Support;

/// <summary>
/// Asserts that an action leaves no live tensors behind on this thread (TorchSharp's per-thread statistics), the
/// ImageSharp-style leak guard of CONVENTIONS.md section 7. Keep callers synchronous.
/// </summary>
internal static class TensorLeakGuard
{
    public static void AssertNoLeaks(Action action)
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        action();

        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(after == before, $"{after - before} tensor(s) left alive on this thread");
    }
}
