using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Models.Ort;

/// <summary>
/// ONNX Runtime sessions by tap set, least recently used first out, each with the output layouts it has seen.
/// </summary>
/// <remarks>
/// Each session holds its own fused, pre-packed copy of the weights (about the size of the file), so only a few
/// are kept. A session is handed out as a <see cref="Lease"/>: one evicted while another thread runs it is disposed
/// when that run ends, never under it. Two threads asking for the same new tap set build its session once.
/// </remarks>
internal sealed class OrtSessionCache(int capacity) : IDisposable
{
    private readonly object _gate = new();
    private readonly LinkedList<Entry> _recent = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byKey = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The session for <paramref name="key"/>, built by <paramref name="create"/> when missing.</summary>
    /// <exception cref="OnnxRuntimeException">The session could not be built (it is not cached).</exception>
    public Lease Acquire(string key, Func<InferenceSession> create)
    {
        Entry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byKey.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
            }
            else
            {
                node = _recent.AddFirst(new Entry(key, new Lazy<InferenceSession>(create, LazyThreadSafetyMode.ExecutionAndPublication)));
                _byKey[key] = node;
                EvictBeyondCapacity();
            }

            entry = node.Value;
            entry.Users++;
        }

        try
        {
            _ = entry.Session.Value;
        }
        catch
        {
            lock (_gate)
            {
                entry.Users--;
                if (_byKey.TryGetValue(key, out var node) && ReferenceEquals(node.Value, entry))
                {
                    _recent.Remove(node);
                    _byKey.Remove(key);
                }
            }

            throw;
        }

        return new Lease(this, entry);
    }

    /// <summary>Disposes every session that no run holds; the held ones follow when their runs end.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _recent)
            {
                Retire(entry);
            }

            _recent.Clear();
            _byKey.Clear();
        }
    }

    private void EvictBeyondCapacity()
    {
        while (_recent.Count > capacity && _recent.Last is { } last)
        {
            _recent.RemoveLast();
            _byKey.Remove(last.Value.Key);
            Retire(last.Value);
        }
    }

    private static void Retire(Entry entry)
    {
        entry.Retired = true;
        if (entry.Users == 0 && entry.Session.IsValueCreated)
        {
            entry.Session.Value.Dispose();
        }
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Users--;
            if (entry.Retired && entry.Users == 0)
            {
                entry.Session.Value.Dispose();
            }
        }
    }

    /// <summary>One cached session and what it has learnt.</summary>
    internal sealed class Entry(string key, Lazy<InferenceSession> session)
    {
        public string Key { get; } = key;

        public Lazy<InferenceSession> Session { get; } = session;

        /// <summary>Output shapes and types by input shape, so that later runs write straight into libtorch tensors.</summary>
        public ConcurrentDictionary<string, OutputLayout[]> Layouts { get; } = new(StringComparer.Ordinal);

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    /// <summary>The use of one session by one run.</summary>
    internal readonly struct Lease(OrtSessionCache cache, Entry entry) : IDisposable
    {
        public InferenceSession Session => entry.Session.Value;

        public ConcurrentDictionary<string, OutputLayout[]> Layouts => entry.Layouts;

        public void Dispose() => cache.Release(entry);
    }
}
