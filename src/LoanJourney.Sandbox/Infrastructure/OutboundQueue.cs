using System.Globalization;
using System.Threading.Channels;
using LoanJourney.Sandbox.Durability;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>
/// The durable outbox between handlers that decide to POST something and the <see cref="OutboundDispatcher"/>: a message is
/// kept (see <see cref="SandboxState"/>) until it was delivered or given up, so messages queued when the process stopped are
/// sent after it starts again, in their order.
/// </summary>
internal sealed class OutboundQueue : IResettable, IDurableState
{
    private readonly Channel<(string Id, OutboundMessage Message, int Generation)> _channel =
        Channel.CreateUnbounded<(string, OutboundMessage, int)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _gate = new();
    private readonly DurableMap<OutboundMessage> _pending;
    private readonly DurableMap<OutboundDelivery> _deliveries;
    private long _next;
    private int _generation;
    private TaskCompletionSource _released = Released();

    public OutboundQueue(SandboxState state)
    {
        _pending = new("outbound.pending", state);
        _deliveries = new("outbound.delivery", state);
        var keys = _pending.Keys.Concat(_deliveries.Keys).Select(k => long.Parse(k, CultureInfo.InvariantCulture)).ToList();
        _next = keys.Count == 0 ? 0 : keys.Max() + 1;
        foreach (var (id, message) in _pending.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            _channel.Writer.TryWrite((id, message, 0));
        }
    }

    public int Generation => Volatile.Read(ref _generation);

    public ChannelReader<(string Id, OutboundMessage Message, int Generation)> Reader => _channel.Reader;

    public IReadOnlyCollection<OutboundDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value)];
            }
        }
    }

    /// <summary>Messages waiting to be delivered (or being delivered).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>True while <see cref="Hold"/> keeps deliveries back.</summary>
    public bool Held
    {
        get
        {
            lock (_gate)
            {
                return !_released.Task.IsCompleted;
            }
        }
    }

    /// <summary>
    /// Holds deliveries back (<c>true</c>) or lets them go (<c>false</c>): messages stay queued, durably, meanwhile. A test control
    /// (<c>PUT /sandbox/outbound/hold</c>) to stop a process while webhooks are queued; not kept across a restart.
    /// </summary>
    public void Hold(bool hold)
    {
        lock (_gate)
        {
            if (!hold)
            {
                _released.TrySetResult();
            }
            else if (_released.Task.IsCompleted)
            {
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Completes when deliveries are not held.</summary>
    public Task WhenReleasedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _released.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Whether a message waiting to be delivered (or being delivered) matches.</summary>
    public bool AnyPending(Func<OutboundMessage, bool> match)
    {
        lock (_gate)
        {
            return _pending.Values.Any(match);
        }
    }

    public void Enqueue(OutboundMessage message)
    {
        lock (_gate)
        {
            var id = Sequence(_next++);
            _pending[id] = message;
            _channel.Writer.TryWrite((id, message, Generation));
        }
    }

    /// <summary>The message is done with (delivered or given up): it leaves the outbox and its record is kept.</summary>
    public void Complete(string id, OutboundDelivery delivery)
    {
        lock (_gate)
        {
            _pending.Remove(id);
            _deliveries[id] = delivery;
        }
    }

    /// <summary>Messages enqueued before a reset are dropped instead of delivered.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _generation);
            _released.TrySetResult();
            _pending.Clear();
            _deliveries.Clear();
        }
    }

    public void Flush(IDocumentWriter writer)
    {
        lock (_gate)
        {
            _pending.Flush(writer);
            _deliveries.Flush(writer);
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private static string Sequence(long n) => n.ToString("D12", CultureInfo.InvariantCulture);
}
