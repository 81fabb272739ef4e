using System.Collections;
using System.Diagnostics;

namespace LoanJourney.Server.Tests.Telemetry;

/// <summary>The in-memory exporter's target: it adds on the thread that ends a span while the test reads, so every access locks.</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    /// <summary>
    /// The spans once <paramref name="done"/> holds for them, or as they are after 20 s (the test's assertions then say what is
    /// missing). Spans are exported as they end; the runner ends a step's span just after its commit, so the last one may trail
    /// the journey's status.
    /// </summary>
    public async Task<List<Activity>> UntilAsync(Func<List<Activity>, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = Snapshot();
            if (done(snapshot) || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return snapshot;
            }

            await Task.Delay(50);
        }
    }

    public void Add(Activity item)
    {
        lock (_gate)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
