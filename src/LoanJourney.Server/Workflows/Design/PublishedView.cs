namespace LoanJourney.Server.Workflows.Design;

/// <summary>
/// A publish: the version now served (the latest one again when the draft equalled it: <c>unchanged</c>), its content
/// hash, and whether that unchanged publish replaced the latest version's layout (the draft only moved steps).
/// </summary>
public sealed record PublishedView(string Id, int Version, string ContentHash, bool Unchanged, bool LayoutUpdated);
