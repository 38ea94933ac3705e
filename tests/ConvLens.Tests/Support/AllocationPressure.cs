using System.Diagnostics;

namespace ConvLens.Tests.Support;

/// <summary>
/// A background thread that allocates small objects and forces frequent gen-0 collections, as a progress renderer, a
/// decoder or a web server does in a real run. Each collection queues finalizers: a TorchSharp wrapper that nothing
/// keeps alive during a native call is then freed mid-call, which turns a lifetime bug into a failing test.
/// </summary>
internal sealed class AllocationPressure : IDisposable
{
    private readonly Thread _thread;
    private readonly TimeSpan _pause;
    private volatile bool _stop;

    private AllocationPressure(string name, TimeSpan pause)
    {
        _pause = pause;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Collections started by this thread so far.</summary>
    public long Collections { get; private set; }

    /// <summary>Allocates without pause: the most hostile case, for a test that targets the race itself.</summary>
    public static AllocationPressure Continuous() => new("allocation pressure (continuous)", TimeSpan.Zero);

    /// <summary>A collection about every 4 ms at a few per cent of one core: on for the whole test run.</summary>
    public static AllocationPressure Background() => new("allocation pressure (stress layer)", TimeSpan.FromMilliseconds(1));

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        // Objects survive a while in the ring, so collections have live objects to trace and promote, as in a real heap.
        var ring = new object[4096];
        var index = 0;
        var round = 0L;
        while (!_stop)
        {
            for (var i = 0; i < (_pause == TimeSpan.Zero ? 200 : 2000); i++)
            {
                ring[index++ & (ring.Length - 1)] = new byte[64];
            }

            if (_pause == TimeSpan.Zero)
            {
                // As many collections as the machine allows: each one queues the finalizers of whatever just died.
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                Collections++;
                continue;
            }

            if (++round % 4 == 0)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                Collections++;
            }

            Thread.Sleep(_pause);
        }

        Debug.Assert(ring.Length > 0);
    }
}
