namespace LoanJourney.Server.Workflows.Design;

/// <summary>A definition checked against the activity descriptors.</summary>
public sealed record ValidationView(bool Valid, IReadOnlyList<DesignErrorView> Errors);
