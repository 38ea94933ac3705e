using ConvLens.Web.Data;
using ConvLens.Web.Images;
using ConvLens.Web.Jobs.Kinds;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs;

/// <summary>
/// Runs one job on the calling worker thread: lends it a model, calls its kind, and returns the outcome. The caller
/// publishes it (<see cref="Job.Finish"/>) once its own bookkeeping is done, so that a client that sees the job
/// finished also sees the server's state after it.
/// </summary>
internal sealed class JobRunner(ModelPool models, ImageStore images, ExplorerData data, ILogger<JobRunner> logger)
{
    public JobOutcome Run(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Token.IsCancellationRequested)
        {
            return new JobOutcome(JobState.Cancelled, null, "cancelled before it started");
        }

        job.MarkRunning();
        try
        {
            var kind = JobKinds.Get(job.Kind);
            using var lease = models.Rent(job.Request.Model);
            var image = kind.Inputs == JobInputs.Image ? images.Get(job.Request.Image!) : null;
            var dataset = kind.Inputs == JobInputs.Dataset ? data.Open(job.Request.Dataset) : null;
            var context = new JobContext(
                lease.Model, image, image is null ? null : images.Load(image.Id), dataset, job.Request.Dataset, images,
                new JobFolder(job), new JobReporter(job), job.Token);
            var result = kind.Run(context, job.Options);
            context.Files.WriteJson("result.json", result);
            return new JobOutcome(JobState.Succeeded, result, null);
        }
        catch (OperationCanceledException) when (job.Token.IsCancellationRequested)
        {
            DeletePartialFiles(job);
            return new JobOutcome(JobState.Cancelled, null, "cancelled; its partial files were not kept");
        }
        catch (Exception e) when (e is ConvLensException or Http.ApiException or Security.PathOutsideRootException)
        {
            return new JobOutcome(JobState.Failed, null, e.Message);
        }
        catch (Exception e)
        {
            // The job fails, the server does not: a worker survives any one job.
            Http.Log.JobFailed(logger, e, job.Id, job.Kind);
            return new JobOutcome(JobState.Failed, null, $"unexpected failure ({e.GetType().Name}): {e.Message}");
        }
    }

    private static void DeletePartialFiles(Job job)
    {
        if (Directory.Exists(job.Folder))
        {
            Directory.Delete(job.Folder, recursive: true);
        }
    }
}
