using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>A run whose instance waits on a short timer while this node keeps its lease (see <see cref="ParkedRuns"/>).</summary>
/// <param name="State">The instance as last committed by the runner (its lease fence is the claim's).</param>
/// <param name="Bookmarks">The timer bookmarks the suspension committed: the resumed step reads them instead of the store.</param>
/// <param name="DueAt">When the earliest timer is due.</param>
/// <param name="LeaseExpiresAt">The lease expiry the suspension committed.</param>
/// <param name="Reload">Resume from the stored row instead of this state (something, e.g. a cancel, changed it meanwhile).</param>
internal sealed record ParkedRun(InstanceRecord State, IReadOnlyList<BookmarkRecord> Bookmarks, DateTimeOffset DueAt, DateTimeOffset LeaseExpiresAt, bool Reload = false)
{
    /// <summary>
    /// Journal entries of read-only polls not committed yet (<see cref="EngineOptions.ReadOnlyPollJournalDelay"/>): the run's next
    /// commit carries them; <see cref="State"/> is then the stored row and <see cref="Bookmarks"/> exist in memory only.
    /// </summary>
    public IReadOnlyList<JournalRecord> Uncommitted { get; init; } = [];

    /// <summary>When the instance was last committed (bounds how long <see cref="Uncommitted"/> may wait).</summary>
    public DateTimeOffset CommittedAt { get; init; }

    public LeaseFence Fence => new(State.LeaseOwner!, State.LeaseToken);
}

/// <summary>
/// Instances suspended on a timer due within <see cref="EngineOptions.InMemoryTimerHorizon"/> (a poll interval, a retry back-off) whose
/// runner kept the lease: the suspension, its timer bookmark and its journal are committed like any other (a crash loses nothing; the
/// timer then fires from the store once the lease is released or expires), but when the timer is due this node resumes the instance
/// from memory: no claim transaction, no bookmark read, no lease release, no payload decryption. A parked run holds no concurrency
/// slot. A cancel expedites it (<see cref="Expedite"/>): it is resumed at once from the stored row, which carries the request.
/// </summary>
internal sealed class ParkedRuns
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<ParkedRun, DateTimeOffset> _queue = new();

    // Release requests from other nodes for runs not parked when they came (a poll in flight), each until when it holds.
    private readonly Dictionary<string, DateTimeOffset> _releaseRequested = new(StringComparer.Ordinal);

    /// <summary>Parked runs right now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The earliest due time, or null when nothing is parked.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
            {
                return _queue.TryPeek(out _, out var due) ? due : null;
            }
        }
    }

    public void Park(ParkedRun run)
    {
        lock (_lock)
        {
            EnqueueLocked(run);
        }
    }

    /// <summary>
    /// Parks <paramref name="run"/>, unless another node asked for its release (<see cref="RequestRelease"/>) while it was
    /// running and the request still holds at <paramref name="now"/>: then false, and the caller gives its lease back.
    /// </summary>
    public bool ParkUnlessReleaseRequested(ParkedRun run, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_releaseRequested.Remove(run.State.Id, out var until) && until >= now)
            {
                return false;
            }

            EnqueueLocked(run);
            return true;
        }
    }

    /// <summary>
    /// Another node asks for the lease of <paramref name="instanceId"/> (an operator's change it received): the run parked
    /// here now is taken out (the caller gives its lease back); otherwise a run of it in flight is released when it parks,
    /// if that is by <paramref name="until"/>. Null when nothing is parked now.
    /// </summary>
    public ParkedRun? RequestRelease(string instanceId, DateTimeOffset now, DateTimeOffset until)
    {
        lock (_lock)
        {
            if (RemoveLocked(instanceId) is { } parked)
            {
                return parked;
            }

            foreach (var id in _releaseRequested.Where(r => r.Value < now).Select(r => r.Key).ToList())
            {
                _releaseRequested.Remove(id);
            }

            _releaseRequested[instanceId] = until;
            return null;
        }
    }

    /// <summary>Takes at most <paramref name="max"/> runs due at <paramref name="now"/>, earliest first.</summary>
    public List<ParkedRun> TakeDue(DateTimeOffset now, int max)
    {
        var due = new List<ParkedRun>();
        lock (_lock)
        {
            while (due.Count < max && _queue.TryPeek(out _, out var at) && at <= now)
            {
                due.Add(_queue.Dequeue());
            }
        }

        return due;
    }

    /// <summary>Makes a parked instance due now, resumed from its stored row; false when it is not parked here.</summary>
    public bool Expedite(string instanceId)
    {
        lock (_lock)
        {
            if (RemoveLocked(instanceId) is not { } parked)
            {
                return false;
            }

            EnqueueLocked(parked with { Reload = true });
            return true;
        }
    }

    /// <summary>Whether <paramref name="instanceId"/> is parked here now.</summary>
    public bool Contains(string instanceId)
    {
        lock (_lock)
        {
            return FindLocked(instanceId) is not null;
        }
    }

    /// <summary>Takes the parked run of <paramref name="instanceId"/> out (its lease is then given back); null when it is not parked here.</summary>
    public ParkedRun? Take(string instanceId)
    {
        lock (_lock)
        {
            return RemoveLocked(instanceId);
        }
    }

    /// <summary>Takes every parked run (shutdown: their leases are given back).</summary>
    public List<ParkedRun> TakeAll()
    {
        lock (_lock)
        {
            var all = new List<ParkedRun>(_queue.Count);
            while (_queue.TryDequeue(out var run, out _))
            {
                all.Add(run);
            }

            return all;
        }
    }

    // A run to resume from its stored row goes first; any other when its timer is due.
    private void EnqueueLocked(ParkedRun run) => _queue.Enqueue(run, run.Reload ? DateTimeOffset.MinValue : run.DueAt);

    private ParkedRun? FindLocked(string instanceId) =>
        _queue.UnorderedItems.Select(i => i.Element).FirstOrDefault(r => string.Equals(r.State.Id, instanceId, StringComparison.Ordinal));

    private ParkedRun? RemoveLocked(string instanceId) =>
        FindLocked(instanceId) is { } found && _queue.Remove(found, out var parked, out _, ReferenceEqualityComparer.Instance) ? parked : null;
}
