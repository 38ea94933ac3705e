using System.Threading.Channels;

namespace ConvLens.Web.Jobs;

/// <summary>
/// One submitted job: its state, progress, result and files, its cancellation, and the live event streams of the
/// clients watching it. Thread-safe: a worker updates it while requests read it.
/// </summary>
internal sealed class Job : IDisposable
{
    // A slow client loses old progress events, never the newest (and so never "done").
    private const int EventsPerClient = 64;

    private readonly Lock _gate = new();
    private readonly List<Channel<JobEvent>> _watchers = [];
    private readonly List<JobFile> _files = [];
    private readonly CancellationTokenSource _cancellation = new();
    private JobFrame? _latestFrame;

    public Job(string id, string kind, JobRequest request, object options, string folder)
    {
        Id = id;
        Kind = kind;
        Request = request;
        Options = options;
        Folder = folder;
    }

    public string Id { get; }

    public string Kind { get; }

    public JobRequest Request { get; }

    /// <summary>The parsed options of the kind.</summary>
    public object Options { get; }

    /// <summary>The job's own folder: its files are served from here and nowhere else.</summary>
    public string Folder { get; }

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public JobState State { get; private set; } = JobState.Queued;

    public JobProgress Progress { get; private set; } = JobProgress.None;

    public string? Error { get; private set; }

    public object? Result { get; private set; }

    /// <summary>Cancelled by DELETE or by the server stopping.</summary>
    public CancellationToken Token => _cancellation.Token;

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public IReadOnlyList<JobFile> Files
    {
        get
        {
            lock (_gate)
            {
                return [.. _files];
            }
        }
    }

    public string Url => $"/api/jobs/{Id}";

    public JobStatus Status()
    {
        lock (_gate)
        {
            return StatusUnlocked();
        }
    }

    /// <summary>Asks the job to stop; a queued job will not start.</summary>
    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished and released.
        }
    }

    public void MarkRunning()
    {
        lock (_gate)
        {
            State = JobState.Running;
            StartedAt = DateTimeOffset.UtcNow;
        }

        Publish(new JobEvent("state", Status()));
    }

    public void ReportProgress(JobProgress progress)
    {
        lock (_gate)
        {
            Progress = progress;
        }

        Publish(new JobEvent("progress", progress));
    }

    public void ReportFrame(JobFrame frame)
    {
        lock (_gate)
        {
            _latestFrame = frame;
        }

        Publish(new JobEvent("frame", frame));
    }

    public void AddFile(JobFile file)
    {
        lock (_gate)
        {
            _files.RemoveAll(f => f.Name == file.Name);
            _files.Add(file);
        }
    }

    /// <summary>Records the end of the job and tells every watcher, then closes their streams.</summary>
    public void Finish(JobState state, object? result, string? error)
    {
        List<Channel<JobEvent>> watchers;
        lock (_gate)
        {
            State = state;
            Result = result;
            Error = error;
            FinishedAt = DateTimeOffset.UtcNow;
            if (state == JobState.Succeeded)
            {
                Progress = Progress with { Fraction = 1, EtaSeconds = 0 };
            }

            _latestFrame = null; // the result has the final pictures; live frames are not kept
            watchers = [.. _watchers];
            _watchers.Clear();
        }

        var done = new JobEvent("done", Status());
        foreach (var w in watchers)
        {
            w.Writer.TryWrite(done);
            w.Writer.TryComplete();
        }
    }

    /// <summary>
    /// A stream of this job's events for one client: first the current state, progress and latest frame, then every
    /// event until "done". A finished job's stream is its last progress and its "done" event.
    /// </summary>
    public ChannelReader<JobEvent> Watch()
    {
        var channel = Channel.CreateBounded<JobEvent>(new BoundedChannelOptions(EventsPerClient) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            // A client that joins late still sees where the job is (or ended): a fast job can finish before its
            // page opens the stream, and its last progress would otherwise never reach that page.
            if (IsFinished)
            {
                WriteProgress(channel);
                channel.Writer.TryWrite(new JobEvent("done", StatusUnlocked()));
                channel.Writer.TryComplete();
                return channel.Reader;
            }

            channel.Writer.TryWrite(new JobEvent("state", StatusUnlocked()));
            WriteProgress(channel);
            if (_latestFrame is not null)
            {
                channel.Writer.TryWrite(new JobEvent("frame", _latestFrame));
            }

            _watchers.Add(channel);
        }

        return channel.Reader;
    }

    /// <summary>Stops sending to a client that went away.</summary>
    public void Unwatch(ChannelReader<JobEvent> reader)
    {
        lock (_gate)
        {
            _watchers.RemoveAll(w => w.Reader == reader);
        }
    }

    public void Dispose() => _cancellation.Dispose();

    private JobStatus StatusUnlocked() =>
        new(Id, Kind, Request.Model, State, Progress, CreatedAt, StartedAt, FinishedAt, Error, Result, [.. _files], Url, Url + "/events");

    private void WriteProgress(Channel<JobEvent> channel)
    {
        if (Progress != JobProgress.None)
        {
            channel.Writer.TryWrite(new JobEvent("progress", Progress));
        }
    }

    private void Publish(JobEvent e)
    {
        lock (_gate)
        {
            foreach (var w in _watchers)
            {
                w.Writer.TryWrite(e);
            }
        }
    }
}
