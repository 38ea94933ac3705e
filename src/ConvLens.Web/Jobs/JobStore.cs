using System.Collections.Concurrent;
using System.Security.Cryptography;
using ConvLens.Web.Http;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Jobs;

/// <summary>
/// Every job the server knows, by id. Finished jobs are kept for <see cref="ServeOptions.ResultRetention"/> and at most
/// <see cref="ServeOptions.MaxKeptJobs"/> of them; then the job and its folder are deleted.
/// </summary>
internal sealed class JobStore(IOptions<ServeOptions> options, ExplorerFolders folders, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    /// <summary>A new job with a random id and its own (not yet created) folder.</summary>
    public Job Create(string kind, JobRequest request, object parsedOptions)
    {
        var id = "j" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var job = new Job(id, kind, request, parsedOptions, Path.Combine(folders.Jobs, id));
        _jobs[id] = job;
        return job;
    }

    /// <summary>The job with <paramref name="id"/>.</summary>
    /// <exception cref="ApiException">No such job, or it was deleted after its retention time (404).</exception>
    public Job Get(string id) =>
        _jobs.TryGetValue(id ?? string.Empty, out var job)
            ? job
            : throw new ApiException(StatusCodes.Status404NotFound, $"unknown job '{id}' (finished jobs are kept for {options.Value.ResultRetention.TotalMinutes:0.#} minutes)");

    /// <summary>Every job, newest first.</summary>
    public IReadOnlyList<Job> List() => [.. _jobs.Values.OrderByDescending(j => j.CreatedAt)];

    /// <summary>Deletes a job and its files (a running job is cancelled first).</summary>
    public void Remove(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_jobs.TryRemove(job.Id, out _))
        {
            job.Cancel();
            if (job.IsFinished)
            {
                DeleteFolder(job);
            }
        }
    }

    /// <summary>Called when a job finishes: a removed job's files go now, and the number of kept jobs stays bounded.</summary>
    public void Finished(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!_jobs.ContainsKey(job.Id))
        {
            DeleteFolder(job);
        }

        var finished = _jobs.Values.Where(j => j.IsFinished).OrderBy(j => j.FinishedAt).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - options.Value.MaxKeptJobs)))
        {
            Remove(old);
        }
    }

    /// <summary>Deletes the finished jobs older than the retention time; returns how many.</summary>
    public int Sweep()
    {
        var limit = time.GetUtcNow() - options.Value.ResultRetention;
        var expired = _jobs.Values.Where(j => j.IsFinished && j.FinishedAt <= limit).ToList();
        expired.ForEach(Remove);
        return expired.Count;
    }

    private static void DeleteFolder(Job job)
    {
        if (Directory.Exists(job.Folder))
        {
            Directory.Delete(job.Folder, recursive: true);
        }

        job.Dispose();
    }
}
