using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Redacts what is past its retention, in small batches, each its own short transaction, pausing between them in
/// proportion to how long the batch took (<see cref="RetentionPolicy.MaxStoreShare"/>) so the dispatcher's commits keep
/// most of the store. On PostgreSQL each batch takes an advisory lock or is skipped, so one node at a time
/// does it. Every batch that redacted something is recorded in the audit trail (principal <c>system</c>).
/// </summary>
public sealed class RetentionRunner(IWorkflowClient client, TimeProvider time)
{
    /// <summary>The audit trail's principal for retention.</summary>
    public const string Principal = "system";

    /// <summary>The batch kind (audit <c>data.kind</c>) of expired idempotency tombstones.</summary>
    public const string IdempotencyTombstonesKind = "IdempotencyTombstones";

    /// <summary>The batch kind (audit <c>data.kind</c>) of audit entries removed by <see cref="RetentionPolicy.AuditTrail"/>.</summary>
    public const string AuditTrailKind = "AuditTrail";

    // A round removed rows whose old copies the store's files may still hold, and the purge after it has not finished yet.
    private bool _purgePending;

    /// <summary>One round: every kind with a retention, until nothing is left or <see cref="RetentionPolicy.MaxBatchesPerRound"/>.</summary>
    public async Task<IReadOnlyList<RetentionBatch>> RunOnceAsync(RetentionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.MaxStoreShare is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy.MaxStoreShare, "MaxStoreShare must be greater than 0 and at most 1.");
        }

        var batches = new List<RetentionBatch>();
        foreach (var (status, keep) in new[] { (WorkflowStatus.Completed, policy.Completed), (WorkflowStatus.Cancelled, policy.Cancelled), (WorkflowStatus.Faulted, policy.Faulted) })
        {
            if (keep is not { } retention)
            {
                continue;
            }

            for (var i = 0; i < policy.MaxBatchesPerRound; i++)
            {
                var started = time.GetTimestamp();
                var redacted = await client.RedactExpiredAsync(status, time.GetUtcNow() - retention, policy.BatchSize, policy.MaskReasons, cancellationToken);
                if (redacted is not { Count: > 0 })
                {
                    break;
                }

                var batch = new RetentionBatch(time.GetUtcNow(), status.ToString(), redacted.Count, redacted.Select(r => r.Id).ToList());
                batches.Add(batch);
                await RecordAsync(batch, retention, cancellationToken);
                await PauseAsync(time.GetElapsedTime(started), policy, cancellationToken);
                if (redacted.Count < policy.BatchSize)
                {
                    break;
                }
            }
        }

        if (policy.Inbox is { } inboxRetention)
        {
            await CountOnlyBatchesAsync("Inbox", inboxRetention, client.RedactExpiredInboxAsync, policy, batches, cancellationToken);
        }

        if (policy.IdempotencyTombstones is { } tombstoneRetention)
        {
            await CountOnlyBatchesAsync(IdempotencyTombstonesKind, tombstoneRetention, client.ExpireIdempotencyTombstonesAsync, policy, batches, cancellationToken);
        }

        if (policy.AuditTrail is { } auditRetention)
        {
            await AuditTrailBatchesAsync(auditRetention, policy, batches, cancellationToken);
        }

        // What the round removed may still be in the store's files outside the live rows (SQLite: the WAL's older frames). Once
        // per round, after its last batch, off the step path; a purge a reader kept from finishing is tried again after the next
        // round, even one that removes nothing.
        if (batches.Count > 0)
        {
            Volatile.Write(ref _purgePending, true);
        }

        if (Volatile.Read(ref _purgePending))
        {
            var purged = await client.PurgeAfterRetentionAsync(cancellationToken);
            Volatile.Write(ref _purgePending, !purged);
        }

        return batches;
    }

    // The batches of a kind whose store call answers only how many rows it removed (the inbox, the idempotency tombstones):
    // each recorded and paced like a journeys batch, until a batch comes back short or the round's limit is reached.
    private async Task CountOnlyBatchesAsync(
        string kind, TimeSpan retention, Func<DateTimeOffset, int, CancellationToken, Task<int?>> expire, RetentionPolicy policy,
        List<RetentionBatch> batches, CancellationToken cancellationToken)
    {
        for (var i = 0; i < policy.MaxBatchesPerRound; i++)
        {
            var started = time.GetTimestamp();
            var count = await expire(time.GetUtcNow() - retention, policy.BatchSize, cancellationToken);
            if (count is not > 0)
            {
                break;
            }

            var batch = new RetentionBatch(time.GetUtcNow(), kind, count.Value, []);
            batches.Add(batch);
            await RecordAsync(batch, retention, cancellationToken);
            await PauseAsync(time.GetElapsedTime(started), policy, cancellationToken);
            if (count < policy.BatchSize)
            {
                break;
            }
        }
    }

    // The trail's own batches: each removal is itself an entry of the trail (how many, the oldest and newest removed entry's
    // time, never what they said), written after the batch commits like every other batch's.
    private async Task AuditTrailBatchesAsync(TimeSpan retention, RetentionPolicy policy, List<RetentionBatch> batches, CancellationToken cancellationToken)
    {
        for (var i = 0; i < policy.MaxBatchesPerRound; i++)
        {
            var started = time.GetTimestamp();
            var removed = await client.ExpireAuditAsync(time.GetUtcNow() - retention, policy.BatchSize, cancellationToken);
            if (removed is not { Count: > 0 })
            {
                break;
            }

            var batch = new RetentionBatch(time.GetUtcNow(), AuditTrailKind, removed.Count, []) { Oldest = removed.Oldest, Newest = removed.Newest };
            batches.Add(batch);
            await RecordAsync(batch, retention, cancellationToken);
            await PauseAsync(time.GetElapsedTime(started), policy, cancellationToken);
            if (removed.Count < policy.BatchSize)
            {
                break;
            }
        }
    }

    // The store's time this batch took, times (1 − share) / share: retention keeps at most `share` of the writer.
    private async Task PauseAsync(TimeSpan took, RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var pause = took * ((1 - policy.MaxStoreShare) / policy.MaxStoreShare);
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, time, cancellationToken);
        }
        else
        {
            await Task.Yield();
        }
    }

    private Task RecordAsync(RetentionBatch batch, TimeSpan retention, CancellationToken cancellationToken)
    {
        var data = new JsonObject
        {
            ["kind"] = batch.Kind,
            ["count"] = batch.Count,
            // The period as GET /api/retention writes it (d.hh:mm:ss: "90.00:00:00", "00:00:15"), and in days rounded to two
            // places for whoever reads the number (a whole number for any real policy; 0 under ~7 minutes, which a demo
            // sets): TotalDays of 15 s read 0.00017361111111111112.
            ["retention"] = retention.ToString("c", CultureInfo.InvariantCulture),
            ["retentionDays"] = Math.Round(retention.TotalDays, 2),
            ["instanceIds"] = new JsonArray(batch.InstanceIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
        };

        // The trail's own batches say which period they removed (the oldest and newest entry's time), nothing of what it held.
        if (batch.Oldest is { } oldest && batch.Newest is { } newest)
        {
            data["oldest"] = oldest;
            data["newest"] = newest;
        }

        return client.RecordAuditAsync(new AuditEntry(0, batch.At, Principal, AuditActions.Retention, null, null, null, data.ToJsonString()), cancellationToken);
    }
}
