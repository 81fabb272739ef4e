namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>
    /// After an unexpected runner failure: releases a lease still held with <paramref name="fence"/> and, when the
    /// instance has work, moves its ready time to no earlier than <paramref name="retryAt"/> (a short back-off, so a
    /// persistent failure does not spin and a transient one does not wait for the lease to expire).
    /// </summary>
    Task DeferAsync(string instanceId, LeaseFence fence, DateTimeOffset retryAt, CancellationToken cancellationToken);
}
