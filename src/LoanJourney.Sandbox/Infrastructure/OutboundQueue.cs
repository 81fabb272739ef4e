using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>The channel between handlers that decide to POST something and the <see cref="OutboundDispatcher"/>.</summary>
internal sealed class OutboundQueue : IResettable
{
    private readonly Channel<(OutboundMessage Message, int Generation)> _channel =
        Channel.CreateUnbounded<(OutboundMessage, int)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ConcurrentQueue<OutboundDelivery> _deliveries = new();
    private int _generation;

    public int Generation => Volatile.Read(ref _generation);

    public ChannelReader<(OutboundMessage Message, int Generation)> Reader => _channel.Reader;

    public IReadOnlyCollection<OutboundDelivery> Deliveries => [.. _deliveries];

    public void Enqueue(OutboundMessage message) => _channel.Writer.TryWrite((message, Generation));

    public void Record(OutboundDelivery delivery) => _deliveries.Enqueue(delivery);

    /// <summary>Messages enqueued before a reset are dropped instead of delivered.</summary>
    public void Reset()
    {
        Interlocked.Increment(ref _generation);
        _deliveries.Clear();
    }
}
