using ConvLens.Web.Data;
using ConvLens.Web.Http;
using ConvLens.Web.Images;
using ConvLens.Web.Jobs.Kinds;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs;

/// <summary>
/// Accepts a job request: everything that can be wrong with it (kind, model, image, dataset, options, layer and method
/// names) is answered with a 4xx now, so a queued job fails only on what running it reveals.
/// </summary>
internal sealed class JobSubmission(JobStore store, JobQueue queue, ModelPool models, ImageStore images, ExplorerData data)
{
    public Job Submit(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = JobKinds.Get(request.Kind);
        var options = kind.ReadOptions(request.Options);
        switch (kind.Inputs)
        {
            case JobInputs.Image:
                _ = images.Get(request.Image ?? throw new ApiException(StatusCodes.Status400BadRequest, $"a {kind.Id} job needs 'image': an id from GET /api/images"));
                break;
            case JobInputs.Dataset:
                _ = data.Open(request.Dataset);
                break;
        }

        kind.Check(options, models.Facts(request.Model), images);
        var job = store.Create(kind.Id, request, options);
        if (!queue.TryEnqueue(job))
        {
            store.Remove(job);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, $"queue full: {queue.Running} job(s) running and {queue.Queued} waiting; try again when one finishes");
        }

        return job;
    }
}
