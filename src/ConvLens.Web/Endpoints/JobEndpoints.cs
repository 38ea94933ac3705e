using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ConvLens.Web.Http;
using ConvLens.Web.Jobs;
using ConvLens.Web.Security;

namespace ConvLens.Web.Endpoints;

/// <summary>
/// Jobs: <c>POST /api/jobs</c>, <c>GET /api/jobs</c>, <c>GET /api/jobs/{id}</c>, <c>GET /api/jobs/{id}/events</c> (SSE),
/// <c>DELETE /api/jobs/{id}</c> (cancel; a finished job is deleted) and <c>GET /api/jobs/{id}/files/{name}</c>.
/// </summary>
internal static class JobEndpoints
{
    /// <summary>A comment line this often keeps proxies and browsers from closing a quiet stream.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/jobs", async (HttpRequest request, JobSubmission submission, CancellationToken cancellationToken) =>
        {
            if (!request.HasJsonContentType())
            {
                return ApiError.Result(StatusCodes.Status415UnsupportedMediaType, "send the job as JSON (Content-Type: application/json)");
            }

            var body = await JsonSerializer.DeserializeAsync<JobRequest>(request.Body, ExplorerJson.Options, cancellationToken)
                ?? throw new ApiException(StatusCodes.Status400BadRequest, "the body is JSON null; send a job object");
            var job = submission.Submit(body);
            return Results.Json(job.Status(), ExplorerJson.Options, statusCode: StatusCodes.Status202Accepted);
        });
        app.MapGet("/api/jobs", (JobStore store) => Results.Json(store.List().Select(j => j.Status() with { Result = null }), ExplorerJson.Options));
        app.MapGet("/api/jobs/{id}", (string id, JobStore store) => Results.Json(store.Get(id).Status(), ExplorerJson.Options));
        app.MapGet("/api/jobs/{id}/events", (string id, JobStore store, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Events(store.Get(id), cancellationToken)));
        app.MapDelete("/api/jobs/{id}", (string id, JobStore store) =>
        {
            var job = store.Get(id);
            if (job.IsFinished)
            {
                store.Remove(job);
                return Results.Json(new { id, deleted = true }, ExplorerJson.Options);
            }

            job.Cancel();
            return Results.Json(job.Status(), ExplorerJson.Options, statusCode: StatusCodes.Status202Accepted);
        });
        app.MapGet("/api/jobs/{id}/files/{name}", (string id, string name, JobStore store) =>
        {
            var job = store.Get(id);
            // Only a name the job itself listed, and only inside its own folder: no path from the client reaches the disk.
            var file = job.Files.FirstOrDefault(f => f.Name == name)
                ?? throw new ApiException(StatusCodes.Status404NotFound, $"job {id} has no file '{name}'; GET /api/jobs/{id} lists its files");
            var path = Path.GetFullPath(Path.Combine(job.Folder, file.Name));
            if (!ConfinedPath.IsInside(job.Folder, path) || ConfinedPath.RealPath(path) is not { } real || !ConfinedPath.IsInside(job.Folder, real))
            {
                throw new ApiException(StatusCodes.Status404NotFound, $"job {id} has no file '{name}'");
            }

            return Results.File(real, file.ContentType, fileDownloadName: null);
        });
        return app;
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(Job job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = job.Watch();
        try
        {
            while (true)
            {
                JobEvent? next = null;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    wait.CancelAfter(Heartbeat);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token))
                        {
                            yield break;
                        }

                        reader.TryRead(out next);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Quiet for a second: a heartbeat with the job's state (elapsed time, ETA) instead.
                    }
                }

                if (next is null)
                {
                    yield return new SseItem<object>(job.Status() with { Result = null }, "heartbeat");
                    continue;
                }

                yield return new SseItem<object>(next.Data, next.Type);
                if (next.Type == "done")
                {
                    yield break;
                }
            }
        }
        finally
        {
            job.Unwatch(reader);
        }
    }
}
