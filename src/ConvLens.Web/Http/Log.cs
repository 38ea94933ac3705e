namespace ConvLens.Web.Http;

/// <summary>The server's log messages (source-generated, so a disabled level costs nothing).</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Error, Message = "request {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Id} ({Kind}) failed unexpectedly")]
    public static partial void JobFailed(ILogger logger, Exception exception, string id, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not load model {Id} ahead of the first request")]
    public static partial void WarmupFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not prepare the page's first answers ahead of its first request")]
    public static partial void PageWarmupFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "worker {Name} did not stop within 20 s")]
    public static partial void WorkerDidNotStop(ILogger logger, string? name);
}
