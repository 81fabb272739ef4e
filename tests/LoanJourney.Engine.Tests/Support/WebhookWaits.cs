using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>Journeys waiting on a webhook, made through the store as the engine makes them: created, claimed, committed waiting.</summary>
internal static class WebhookWaits
{
    /// <returns>The instance as claimed, before the commit that made it wait.</returns>
    public static async Task<InstanceRecord> WaitOnWebhookAsync(IWorkflowStore store, string id, string key, DateTimeOffset now)
    {
        await store.CreateInstanceAsync(new InstanceRecord
        {
            Id = id,
            WorkflowId = "wf",
            WorkflowVersion = 1,
            Status = WorkflowStatus.Running,
            InputJson = "{}",
            VariablesJson = "{}",
            OutputsJson = "{}",
            HistoryJson = "[]",
            CurrentStepId = "wait",
            ReadyAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        }, new JournalRecord(0, id, now, JournalKinds.InstanceStarted, null, null, null), default);
        var claimed = Assert.Single(await store.ClaimReadyAsync("n", now, now.AddMinutes(1), 1, default));
        Assert.Equal(id, claimed.Id);
        await store.CommitAsync(new InstanceCommit
        {
            State = claimed with { Status = WorkflowStatus.Waiting, ReadyAt = null },
            ExpectedVersion = claimed.Version,
            Fence = new LeaseFence("n", claimed.LeaseToken),
            ReleaseLease = true,
            NewBookmarks = [new BookmarkRecord(Guid.NewGuid().ToString("N"), id, "wait", BookmarkKind.Webhook, "disbursed", key, null, false, now)],
            ConsumeBufferedWebhooks = true,
            Now = now,
        }, default);
        return claimed;
    }
}
