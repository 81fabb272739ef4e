namespace LoanJourney.Server.Workflows.Design;

/// <summary>
/// The body of a publish: the draft revision that was validated and why it is published (1 to 500 characters, kept in the
/// audit trail with the personal data it may quote masked). For the OpenAPI document; the handler reads it itself to name a bad field.
/// </summary>
public sealed record PublishRequest(long ExpectedRevision, string Reason);
