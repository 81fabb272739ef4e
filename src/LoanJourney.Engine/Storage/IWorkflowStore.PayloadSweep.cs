namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>
    /// The next up to <paramref name="limit"/> instances after <paramref name="afterId"/> (in id order), and of them the ones
    /// that are not redacted and hold a payload column stored in the clear (<c>input_json</c>, <c>outputs_json</c> or
    /// <c>pending_stimulus_json</c> without <see cref="PayloadProtection.Prefix"/>: written before protection was enabled),
    /// with the length of those columns. Reads ids and lengths only (the primary key, no index of its own); see
    /// <see cref="Runtime.PayloadSweeper"/>.
    /// </summary>
    Task<PlaintextPayloadWindow> FindPlaintextPayloadsAsync(string afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The payload columns of <paramref name="instanceIds"/> that are stored in the clear, as stored (a protected column is
    /// null in the answer); redacted and missing instances are left out.
    /// </summary>
    Task<IReadOnlyList<StoredPayloads>> ReadPlaintextPayloadsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    /// <summary>
    /// Writes each row's protected columns over the plaintext ones it read, compare-and-set: a column is written only if it
    /// still holds exactly the value read (a step commit or a stimulus that wrote it since wins) and the row is not redacted.
    /// <c>version</c>, <c>updated_at</c> and the lease are not touched, so a runner's commit fenced on them is not disturbed.
    /// PostgreSQL skips rows another transaction holds right now. Returns the ids of the rows it changed.
    /// </summary>
    Task<IReadOnlyList<string>> ReplacePlaintextPayloadsAsync(IReadOnlyList<PayloadReplacement> rows, CancellationToken cancellationToken);

    /// <summary>What the last complete payload sweep saw (<see cref="PayloadSweepMark"/>): one row, no scan.</summary>
    Task<PayloadSweepMark> GetPayloadSweepMarkAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that a sweep which read <paramref name="generation"/> before it started left nothing in the clear; false (nothing
    /// recorded) when a store that does not encrypt has started on the database since.
    /// </summary>
    Task<bool> MarkPayloadSweepCompleteAsync(long generation, CancellationToken cancellationToken);
}

/// <summary>An instance's payload columns (<c>input_json</c>, <c>outputs_json</c>, <c>pending_stimulus_json</c>); null: not concerned.</summary>
public sealed record StoredPayloads(string Id, string? Input, string? Outputs, string? PendingStimulus);

/// <summary>The plaintext columns as read (<paramref name="Read"/>) and what to store instead (<paramref name="Protected"/>).</summary>
public sealed record PayloadReplacement(StoredPayloads Read, StoredPayloads Protected);

/// <summary>One window of <see cref="IWorkflowStore.FindPlaintextPayloadsAsync"/>.</summary>
/// <param name="Scanned">Instances in the window.</param>
/// <param name="LastId">The last id of the window, where the next one starts; null when the window reached the end.</param>
/// <param name="Rows">The instances of the window with a plaintext payload column, and those columns' length.</param>
public sealed record PlaintextPayloadWindow(int Scanned, string? LastId, IReadOnlyList<(string Id, long Length)> Rows);
