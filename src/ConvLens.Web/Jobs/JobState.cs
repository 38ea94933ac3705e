namespace ConvLens.Web.Jobs;

/// <summary>Where a job is in its life.</summary>
internal enum JobState
{
    /// <summary>Waiting for a worker.</summary>
    Queued,

    /// <summary>A worker runs it.</summary>
    Running,

    /// <summary>Finished with a result and files.</summary>
    Succeeded,

    /// <summary>Stopped by an error (see the job's error).</summary>
    Failed,

    /// <summary>Cancelled by a client or by the server shutting down.</summary>
    Cancelled,
}
