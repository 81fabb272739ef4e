namespace LoanJourney.Engine.Model;

/// <summary>A journey of one borrower (found by correlation id) as erasure sees it.</summary>
/// <param name="Id">Journey id.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Redacted">Whether it was redacted already.</param>
public sealed record BorrowerJourney(string Id, string WorkflowId, WorkflowStatus Status, bool Redacted);
