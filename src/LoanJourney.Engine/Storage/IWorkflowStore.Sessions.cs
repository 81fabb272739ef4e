namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>
    /// Records that the Studio session ticket <paramref name="ticketId"/> was signed out, kept until
    /// <paramref name="keepUntil"/> (after the ticket's own expiry, when it is refused anyway); recording it twice is no
    /// error. Rows kept until before <paramref name="now"/> are deleted in the same transaction, so the table holds only the
    /// sign-outs of tickets that could still be presented.
    /// </summary>
    Task RevokeSessionAsync(string ticketId, DateTimeOffset keepUntil, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether the session ticket <paramref name="ticketId"/> was signed out (one primary-key probe).</summary>
    Task<bool> IsSessionRevokedAsync(string ticketId, CancellationToken cancellationToken);
}
