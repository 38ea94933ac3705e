using ConvLens.Web.Jobs;

namespace ConvLens.Web.Endpoints;

/// <summary><c>GET /api/health</c> and <c>GET /api/diagnostics</c> (jobs, live tensors per worker, memory, stored bytes).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => Results.Json(new { status = "ok" }));
        app.MapGet("/api/diagnostics", (JobQueue queue, JobStore store, ExplorerFolders folders) => Results.Json(new
        {
            jobs = new { queued = queue.Queued, running = queue.Running, kept = store.Count },
            workers = queue.Workers,
            managedBytes = GC.GetTotalMemory(forceFullCollection: false),
            workFolderBytes = folders.Bytes(),
        }));
        return app;
    }
}
