namespace LoanJourney.Server.Workflows.Design;

/// <summary>A saved draft: its new revision and its validation (a draft is saved even when invalid).</summary>
public sealed record DraftSavedView(string Id, long Revision, bool Valid, IReadOnlyList<DesignErrorView> Errors);
