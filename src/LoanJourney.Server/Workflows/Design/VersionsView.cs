namespace LoanJourney.Server.Workflows.Design;

/// <summary>A workflow's published versions, oldest first.</summary>
public sealed record VersionsView(string Id, IReadOnlyList<VersionView> Items);
