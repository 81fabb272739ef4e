namespace LoanJourney.Server.Workflows.Design;

/// <summary>A publish: the version now served (the latest one again when the draft equalled it: <c>unchanged</c>) and its content hash.</summary>
public sealed record PublishedView(string Id, int Version, string ContentHash, bool Unchanged);
