namespace LoanJourney.Engine.Storage;

/// <summary>The fields of an instance row that say whether anything moved it: see <see cref="IWorkflowStore.GetInstanceMarkAsync"/>.</summary>
public sealed record InstanceMark(long Version, bool CancelRequested, string? LeaseOwner, long LeaseToken);
