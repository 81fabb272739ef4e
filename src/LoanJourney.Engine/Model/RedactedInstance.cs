namespace LoanJourney.Engine.Model;

/// <summary>A journey whose borrower data was removed: what stays of it for the audit trail.</summary>
/// <param name="Id">Journey id.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="Status">Its final status.</param>
public sealed record RedactedInstance(string Id, string WorkflowId, WorkflowStatus Status);
