namespace LoanJourney.Server.Workflows.Design;

/// <summary>The body of a publish: the draft revision that was validated (for the OpenAPI document; the handler reads it itself to name a bad field).</summary>
public sealed record PublishRequest(long ExpectedRevision);
