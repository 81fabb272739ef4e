using LoanJourney.Engine.Model;
using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Privacy;

/// <summary>One journey of the borrower in an erasure's dry run.</summary>
/// <param name="Id">The journey.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Action">What the erasure would do: <c>redact</c>, <c>cancel-then-redact</c> (only with <c>cancelFirst</c>), <c>refused</c> (past its point of no return) or <c>already-redacted</c>.</param>
/// <param name="CancelRefusal">Why it cannot be cancelled, when <paramref name="Action"/> is <c>refused</c>.</param>
internal sealed record ErasurePlanJourneyView(string Id, string WorkflowId, WorkflowStatus Status, string Action, CancelRefusalView? CancelRefusal);
