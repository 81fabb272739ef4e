using System.Collections.Concurrent;
using System.Threading.Channels;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Events;

/// <summary>
/// One loop for all live-update subscribers: while anyone listens, it reads the instances changed since its cursor
/// every <c>Server:Events:PollInterval</c> (300 ms) and hands each new revision to every subscriber. Reading the
/// store (not in-process events) means changes made by other nodes on the same database are seen too. The cursor
/// re-reads a short overlap window, because a transaction may commit a little after the time it stamped; revisions
/// already sent are skipped. During a store outage the failures are counted in a <see cref="FailureStreak"/>, as the engine's
/// loops do: the first of each exception type is logged with its stack (warning 2006), the rest in one summary a minute
/// (3017), and the first read that works after them says so (3018); one stack every poll was 33 in 7 s (walk 45).
/// </summary>
internal sealed class InstanceChangeFeed(IWorkflowClient client, TimeProvider time, IConfiguration configuration, ILogger<InstanceChangeFeed> logger)
    : BackgroundService
{
    private const int PageSize = 500;
    private readonly ConcurrentDictionary<Channel<WorkflowInstanceSummary>, byte> _subscribers = new();
    private readonly Dictionary<string, (long Revision, DateTimeOffset UpdatedAt)> _sent = new(StringComparer.Ordinal);
    private readonly TimeSpan _interval = configuration.GetValue("Server:Events:PollInterval", TimeSpan.FromMilliseconds(300));
    private readonly TimeSpan _overlap = configuration.GetValue("Server:Events:Overlap", TimeSpan.FromSeconds(2));
    private DateTimeOffset? _cursor;
    private FailureStreak? _failures;

    private FailureStreak Failures => _failures ??= new FailureStreak("Live updates", _interval, time, logger);

    public ChannelReader<WorkflowInstanceSummary> Subscribe(CancellationToken unsubscribe)
    {
        var channel = Channel.CreateBounded<WorkflowInstanceSummary>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[channel] = 0;
        ServerLog.SubscribersChanged(logger, _subscribers.Count);
        unsubscribe.Register(() =>
        {
            _subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
            ServerLog.SubscribersChanged(logger, _subscribers.Count);
        });
        return channel.Reader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PollOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round of the loop: reads the changes if anyone listens; a failure is counted, not thrown.</summary>
    internal async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await PollAsync(cancellationToken))
            {
                Failures.Succeeded();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (Failures.Failed(e))
            {
                ServerLog.ChangeFeedFailed(logger, e);
            }
        }
    }

    // False when nobody listens and the store was not read (which says nothing of whether an outage is over).
    private async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        if (_subscribers.IsEmpty)
        {
            _cursor = null;
            _sent.Clear();
            return false;
        }

        // First subscriber: start from now minus the overlap, so nothing committed around the moment it connected is
        // missed (a few seconds of earlier changes are sent again; an update is idempotent for a client).
        var newest = _cursor ?? time.GetUtcNow();
        var position = new ChangeCursor(newest - _overlap, null);
        while (true)
        {
            // The overlap window is re-read every poll: its changes come from the change index, and only the revisions not sent
            // yet are read whole.
            var page = await client.GetChangesAsync(position, PageSize, (id, revision) => _sent.TryGetValue(id, out var sent) && sent.Revision >= revision,
                cancellationToken);
            foreach (var summary in page.Changed)
            {
                if (_sent.TryGetValue(summary.Id, out var sent) && sent.Revision >= summary.Revision)
                {
                    continue;
                }

                _sent[summary.Id] = (summary.Revision, summary.UpdatedAt);
                if (summary.UpdatedAt > newest)
                {
                    newest = summary.UpdatedAt;
                }

                foreach (var subscriber in _subscribers.Keys)
                {
                    subscriber.Writer.TryWrite(summary);
                }
            }

            if (page.Scanned < PageSize || page.Last is null)
            {
                break;
            }

            position = page.Last;
        }

        _cursor = newest;
        var forgetBefore = newest - (_overlap * 2);
        foreach (var id in _sent.Where(s => s.Value.UpdatedAt < forgetBefore).Select(s => s.Key).ToList())
        {
            _sent.Remove(id);
        }

        return true;
    }
}
