using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LoanJourney.Server.Events;

/// <summary>
/// Progress of bulk operations run on this node, handed to every live-update subscriber. In-process on purpose: the
/// operation runs inside the request that started it, so the node serving it is the one whose stream reports it.
/// </summary>
internal sealed class BulkProgressFeed
{
    private readonly ConcurrentDictionary<Channel<BulkProgress>, byte> _subscribers = new();

    public ChannelReader<BulkProgress> Subscribe(CancellationToken unsubscribe)
    {
        var channel = Channel.CreateBounded<BulkProgress>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[channel] = 0;
        unsubscribe.Register(() =>
        {
            _subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(BulkProgress progress)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(progress);
        }
    }
}
