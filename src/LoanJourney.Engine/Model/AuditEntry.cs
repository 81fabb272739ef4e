namespace LoanJourney.Engine.Model;

/// <summary>
/// One operator action in the audit trail: who (<paramref name="Principal"/>), what (<paramref name="Action"/>), on which
/// journey, why. Kept when the journey itself is redacted; never holds borrower data (erasure keeps only a hash of the
/// customer id in <paramref name="DataJson"/>).
/// </summary>
/// <param name="Seq">Order of recording (0 before it is stored).</param>
/// <param name="At">When.</param>
/// <param name="Principal">The principal's name (<c>system</c> for the retention job).</param>
/// <param name="Action">See <see cref="AuditActions"/>.</param>
/// <param name="WorkflowId">The journey's workflow, when the action concerns one journey or one workflow.</param>
/// <param name="InstanceId">The journey, when the action concerns one.</param>
/// <param name="Reason">The operator's reason, when given.</param>
/// <param name="DataJson">Action details (a JSON object), never a payload.</param>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Principal, string Action, string? WorkflowId, string? InstanceId, string? Reason, string? DataJson)
{
    /// <summary>
    /// From where (migration 0035): the client's address as the server saw it (the socket peer, or what a trusted proxy
    /// forwarded), null for entries not made from a request (retention) and entries from before the migration.
    /// </summary>
    public string? ClientAddress { get; init; }

    /// <summary>How the principal signed in: <c>key</c>, <c>session</c> or <c>bearer</c>; null as <see cref="ClientAddress"/>.</summary>
    public string? AuthMethod { get; init; }

    /// <summary>
    /// Which sign-in: the key's principal name, the session's id, or the token's subject (<c>sub</c>). Never a key or a token.
    /// </summary>
    public string? AuthId { get; init; }

    /// <summary>The request's <c>User-Agent</c>, cut to a bound; null when none was sent.</summary>
    public string? UserAgent { get; init; }
}
