using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

internal sealed partial class WorkflowClient
{
    public async Task RecordAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await initializer.EnsureInitializedAsync(cancellationToken);
        await store.AppendAuditAsync(entry, cancellationToken);
    }

    public async Task<PagedResult<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.QueryAuditAsync(query, cancellationToken);
    }

    public async Task<IReadOnlyList<RedactedInstance>?> RedactExpiredAsync(WorkflowStatus status, DateTimeOffset finishedBefore, int limit, Storage.JourneyValuesMask? maskReasons = null,
        CancellationToken cancellationToken = default)
    {
        if (status is not (WorkflowStatus.Completed or WorkflowStatus.Cancelled or WorkflowStatus.Faulted))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only finished journeys (Completed, Cancelled, Faulted) are redacted by retention.");
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.RedactExpiredAsync(status, finishedBefore, limit, time.GetUtcNow(), maskReasons, cancellationToken);
    }

    public async Task<int?> RedactExpiredInboxAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.RedactInboxAsync(before, limit, time.GetUtcNow(), cancellationToken);
    }

    public async Task<bool> PurgeAfterRetentionAsync(CancellationToken cancellationToken = default)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.PurgeAfterRetentionAsync(cancellationToken);
    }

    public async Task<int?> ExpireIdempotencyTombstonesAsync(DateTimeOffset purgedBefore, int limit, CancellationToken cancellationToken = default)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.ExpireIdempotencyTombstonesAsync(purgedBefore, limit, cancellationToken);
    }

    public async Task<Storage.AuditExpiry?> ExpireAuditAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.ExpireAuditAsync(before, limit, cancellationToken);
    }

    public async Task<Storage.IdempotencyTombstone?> FindIdempotencyTombstoneAsync(string storedKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(storedKey);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.FindIdempotencyTombstoneAsync(IdempotencyKeys.Hash(storedKey), cancellationToken);
    }

    public async Task<ErasureResult> EraseAsync(string correlationId, IReadOnlyList<string> inboxKeyPrefixes, bool cancelFirst, string? by, string? reason,
        TimeSpan cancelTimeout, Func<WorkflowInstance, Task>? cancelled = null, Func<string, string>? maskReasons = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        string[] keys = [correlationId, PrivacyHash.Of(correlationId)];
        var journeys = await store.FindByCorrelationAsync(keys, cancellationToken);
        var inFlight = journeys.Where(j => j.Status is not (WorkflowStatus.Completed or WorkflowStatus.Cancelled)).Select(j => j.Id).ToList();
        if (inFlight.Count > 0)
        {
            if (!cancelFirst)
            {
                throw new JourneysInFlightException(inFlight, cancelling: false);
            }

            // All or nothing: every journey a cancel would refuse is named before any is cancelled. The check and the cancels
            // are not one transaction; a journey that passes its point of no return between them is still refused by its
            // cancel's own guard, and those cancelled before it stay cancelled (docs/api.md "Retention and erasure").
            var toCancel = new List<string>();
            var refused = new List<PointOfNoReturnRefusal>();
            foreach (var id in inFlight)
            {
                var instance = await store.GetInstanceAsync(id, cancellationToken);
                if (instance is not { CancelRequested: false } || instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
                {
                    continue;
                }

                if (await CancelRefusalAsync(instance, OpenIncident.Unread, cancellationToken) is { } refusal)
                {
                    refused.Add(refusal);
                }
                else
                {
                    toCancel.Add(id);
                }
            }

            if (refused.Count > 0)
            {
                throw new PastPointOfNoReturnException(refused);
            }

            foreach (var id in toCancel)
            {
                var instance = await CancelAsync(id, reason ?? "erasure", by, cancellationToken);
                if (cancelled is not null)
                {
                    await cancelled(instance);
                }
            }

            // Compensation runs in the dispatcher (it may call lenders); wait for it, bounded, reading the store.
            var deadline = time.GetUtcNow() + cancelTimeout;
            while (true)
            {
                journeys = await store.FindByCorrelationAsync(keys, cancellationToken);
                var open = journeys.Where(j => j.Status is not (WorkflowStatus.Completed or WorkflowStatus.Cancelled)).Select(j => j.Id).ToList();
                if (open.Count == 0)
                {
                    break;
                }

                if (time.GetUtcNow() >= deadline)
                {
                    throw new JourneysInFlightException(open, cancelling: true);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
            }
        }

        var redacted = await store.RedactInstancesAsync(journeys.Where(j => !j.Redacted).Select(j => j.Id).ToList(), time.GetUtcNow(), cancellationToken);
        // The keys are stored with the customer id hashed (InboxKeys, session 53); the prefix as given too, for a record an older
        // build wrote (the migration hashed those it found).
        var prefixes = inboxKeyPrefixes.SelectMany(p => new[] { InboxKeys.Stored(p), p }).Distinct(StringComparer.Ordinal).ToList();
        var inbox = prefixes.Count == 0 ? 0 : await store.RedactInboxByKeyAsync(prefixes, time.GetUtcNow(), cancellationToken);
        if (maskReasons is not null)
        {
            // Before the purge, so that the reasons as they were do not outlive it in the WAL or freed space.
            await store.MaskAuditReasonsAsync(journeys.Select(j => j.Id).ToList(), maskReasons, cancellationToken);
        }

        var purge = await store.PurgeFreedSpaceAsync(cancellationToken);
        return new ErasureResult(inFlight, redacted, journeys.Count(j => j.Redacted), inbox, purge.Purged, purge.Failure, purge.Unpurged);
    }
}
