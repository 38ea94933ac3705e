using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Jobs;

/// <summary>
/// A bounded queue of jobs and <see cref="ServeOptions.Concurrency"/> worker threads that run them. A job that finds the
/// queue full is refused at once ("queue full"), never left waiting without bound. Stopping cancels every job.
/// </summary>
/// <remarks>
/// Workers are dedicated threads, not thread-pool tasks: a job holds its thread for seconds to minutes of libtorch work,
/// and TorchSharp counts live tensors per thread, which makes each worker's leak check meaningful.
/// </remarks>
internal sealed class JobQueue : IHostedService
{
    private readonly Channel<Job> _queue;
    private readonly JobRunner _runner;
    private readonly JobStore _store;
    private readonly ILogger<JobQueue> _logger;
    private readonly int _concurrency;
    private readonly List<Thread> _workers = [];
    private readonly WorkerStatistics[] _statistics;
    private int _running;

    public JobQueue(IOptions<ServeOptions> options, JobRunner runner, JobStore store, ILogger<JobQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity)) { SingleWriter = false });
        _runner = runner;
        _store = store;
        _logger = logger;
        _concurrency = options.Value.Concurrency;
        _statistics = [.. Enumerable.Range(0, _concurrency).Select(i => new WorkerStatistics(i, 0, 0))];
    }

    /// <summary>Jobs waiting for a worker.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Jobs a worker is running.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Each worker's counts after its last job.</summary>
    public IReadOnlyList<WorkerStatistics> Workers
    {
        get
        {
            lock (_statistics)
            {
                return [.. _statistics];
            }
        }
    }

    /// <summary>Queues a job; false when the queue is full (the caller answers 503).</summary>
    public bool TryEnqueue(Job job) => _queue.Writer.TryWrite(job);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _concurrency; i++)
        {
            var worker = i;
            var thread = new Thread(() => Work(worker)) { IsBackground = true, Name = $"convlens-job-worker-{worker}" };
            _workers.Add(thread);
            thread.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        foreach (var job in _store.List().Where(j => !j.IsFinished))
        {
            job.Cancel();
        }

        // Jobs check their token between steps; a step of a large model takes well under the host's shutdown timeout.
        return Task.Run(
            () =>
            {
                foreach (var thread in _workers)
                {
                    if (!thread.Join(TimeSpan.FromSeconds(20)))
                    {
                        Http.Log.WorkerDidNotStop(_logger, thread.Name);
                    }
                }
            },
            CancellationToken.None);
    }

    private void Work(int worker)
    {
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (!_queue.Reader.TryRead(out var job))
            {
                continue;
            }

            Interlocked.Increment(ref _running);
            var outcome = new JobOutcome(JobState.Failed, null, "the worker stopped before the job ended");
            try
            {
                outcome = _runner.Run(job);
            }
            finally
            {
                // Bookkeeping first, then the outcome: diagnostics read right after a client sees the job end are current.
                lock (_statistics)
                {
                    _statistics[worker] = new WorkerStatistics(worker, _statistics[worker].JobsRun + 1, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                }

                Interlocked.Decrement(ref _running);
                job.Finish(outcome.State, outcome.Result, outcome.Error);
                _store.Finished(job);
            }
        }
    }
}
