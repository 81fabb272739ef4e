using System.Threading.Channels;

namespace LoanJourney.Server.Events;

/// <summary>What woke a live-update stream.</summary>
internal enum FeedWake
{
    /// <summary>The instance feed has summaries to read.</summary>
    Changes,

    /// <summary>The bulk-progress feed has steps to read.</summary>
    Batches,

    /// <summary>The stream's deadline (a keep-alive or a session re-check) came first.</summary>
    Due,

    /// <summary>A feed was completed: the subscriber is gone (its request aborted) or the node stops.</summary>
    Ended,
}

/// <summary>
/// The waits of one live-update stream: its two feeds and its next deadline. A feed's wait that did not fire stays pending
/// into the next round instead of being cancelled. Cancelling a channel's wait completes it with an
/// <c>OperationCanceledException</c> that is thrown on the thread pool, once for every event the other feed delivered:
/// ~50 a second during the <c>journeys</c> benchmark (issue 17, session 36). Only the deadline's timer is cancelled, which
/// throws nothing. The waits take no token: the subscriptions are completed when the request aborts
/// (<see cref="InstanceChangeFeed.Subscribe"/>), which ends them with <see cref="FeedWake.Ended"/>.
/// </summary>
internal sealed class FeedWaits<TChange, TBatch>(ChannelReader<TChange> changes, ChannelReader<TBatch> batches, TimeProvider time)
{
    private Task<bool>? _changes;
    private Task<bool>? _batches;

    /// <summary>The pending wait on the instance feed, if any (for tests: it survives a round the other feed won).</summary>
    internal Task<bool>? PendingChanges => _changes;

    /// <summary>The pending wait on the bulk-progress feed, if any.</summary>
    internal Task<bool>? PendingBatches => _batches;

    /// <summary>Waits for either feed to have something to read, or for <paramref name="wait"/> to pass on <c>time</c>.</summary>
    public async Task<FeedWake> NextAsync(TimeSpan wait)
    {
        _changes ??= changes.WaitToReadAsync(CancellationToken.None).AsTask();
        _batches ??= batches.WaitToReadAsync(CancellationToken.None).AsTask();
        using var timer = new CancellationTokenSource();
        var due = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, timer.Token);
        var first = await Task.WhenAny(_changes, _batches, due);
        if (first == due)
        {
            return FeedWake.Due;
        }

        // A timer's cancellation completes its task without throwing.
        await timer.CancelAsync();
        var wake = first == _changes ? FeedWake.Changes : FeedWake.Batches;
        var more = await (Task<bool>)first;
        if (first == _changes)
        {
            _changes = null;
        }
        else
        {
            _batches = null;
        }

        return more ? wake : FeedWake.Ended;
    }
}
