namespace LoanJourney.Engine.Storage;

/// <summary>A stored incident.</summary>
public sealed record IncidentRecord(
    string Id,
    string InstanceId,
    string StepId,
    string ErrorKind,
    string Message,
    int Attempts,
    string? DetailsJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt,
    string? Resolution)
{
    /// <summary>
    /// The message as both stores keep it: a NUL (U+0000) is U+FFFD. It is a plain <c>text</c> column, in which PostgreSQL refuses
    /// a NUL (22021), and it may quote a lender's words (<c>-1: bad\u0000key</c>): the step's commit failed, and the runner ran the
    /// step and its lender call again every few seconds, for ever (session 51). The journal's <c>StepFailed</c> entry and the
    /// incident's details are JSON, where a NUL stays as the escape <c>\u0000</c>: what the lender said, exactly.
    /// </summary>
    public string Message { get; init => field = StorableText.Of(value); } = StorableText.Of(Message);
}
