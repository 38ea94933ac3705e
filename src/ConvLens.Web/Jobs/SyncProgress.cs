namespace ConvLens.Web.Jobs;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread, at once: the library's loops call it between
/// steps, and <see cref="Progress{T}"/> would post to the thread pool and report out of order.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
