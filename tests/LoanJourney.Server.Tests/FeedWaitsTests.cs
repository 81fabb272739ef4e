using System.Threading.Channels;
using LoanJourney.Server.Events;

namespace LoanJourney.Server.Tests;

/// <summary>
/// A live-update stream's waits (<see cref="FeedWaits{TChange,TBatch}"/>): the feed that did not wake the stream keeps its
/// wait, so nothing is cancelled (a cancelled channel wait throws an OperationCanceledException on the thread pool, once per
/// event: issue 17, session 36).
/// </summary>
public sealed class FeedWaitsTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    [Fact]
    public async Task TheBulkFeedsWait_SurvivesEveryRoundTheInstanceFeedWins()
    {
        var changes = Channel.CreateUnbounded<int>();
        var batches = Channel.CreateUnbounded<string>();
        var waits = new FeedWaits<int, string>(changes.Reader, batches.Reader, TimeProvider.System);

        Task<bool>? batchesWait = null;
        for (var i = 0; i < 100; i++)
        {
            changes.Writer.TryWrite(i);
            Assert.Equal(FeedWake.Changes, await waits.NextAsync(Never));
            Assert.True(changes.Reader.TryRead(out var read));
            Assert.Equal(i, read);
            batchesWait ??= waits.PendingBatches;
            Assert.Same(batchesWait, waits.PendingBatches);
            Assert.False(batchesWait!.IsCompleted);
        }

        batches.Writer.TryWrite("batch 1");
        Assert.Equal(FeedWake.Batches, await waits.NextAsync(Never));
        Assert.True(batchesWait!.IsCompletedSuccessfully);
        Assert.True(batches.Reader.TryRead(out _));
        Assert.Null(waits.PendingBatches);
        Assert.NotNull(waits.PendingChanges);
        Assert.False(waits.PendingChanges!.IsCompleted);
    }

    [Fact]
    public async Task TheDeadline_WakesTheStream_AndLeavesBothFeedsWaiting()
    {
        var changes = Channel.CreateUnbounded<int>();
        var batches = Channel.CreateUnbounded<string>();
        var waits = new FeedWaits<int, string>(changes.Reader, batches.Reader, TimeProvider.System);

        Assert.Equal(FeedWake.Due, await waits.NextAsync(TimeSpan.Zero));
        Assert.Equal(FeedWake.Due, await waits.NextAsync(TimeSpan.FromMilliseconds(-5)));
        var changesWait = waits.PendingChanges;
        var batchesWait = waits.PendingBatches;

        Assert.Equal(FeedWake.Due, await waits.NextAsync(TimeSpan.Zero));
        Assert.Same(changesWait, waits.PendingChanges);
        Assert.Same(batchesWait, waits.PendingBatches);
        Assert.False(changesWait!.IsCompleted || batchesWait!.IsCompleted);

        changes.Writer.TryWrite(7);
        Assert.Equal(FeedWake.Changes, await waits.NextAsync(Never));
    }

    [Fact]
    public async Task ACompletedFeed_EndsTheStream_WithoutAnException()
    {
        var changes = Channel.CreateUnbounded<int>();
        var batches = Channel.CreateUnbounded<string>();
        var waits = new FeedWaits<int, string>(changes.Reader, batches.Reader, TimeProvider.System);
        var pending = waits.NextAsync(Never);
        Assert.False(pending.IsCompleted);

        // What a subscription does when its request aborts (InstanceChangeFeed.Subscribe): the writer is completed.
        changes.Writer.TryComplete();
        batches.Writer.TryComplete();

        Assert.Equal(FeedWake.Ended, await pending);
        Assert.False(waits.PendingBatches?.IsCanceled ?? false);
    }

    [Fact]
    public async Task ItemsLeftInACompletedFeed_AreStillReadBeforeItEnds()
    {
        var changes = Channel.CreateUnbounded<int>();
        var batches = Channel.CreateUnbounded<string>();
        var waits = new FeedWaits<int, string>(changes.Reader, batches.Reader, TimeProvider.System);
        changes.Writer.TryWrite(1);
        changes.Writer.TryComplete();

        Assert.Equal(FeedWake.Changes, await waits.NextAsync(Never));
        Assert.True(changes.Reader.TryRead(out _));
        Assert.Equal(FeedWake.Ended, await waits.NextAsync(Never));
    }
}
