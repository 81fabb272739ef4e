using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// An abandoned journey as it is now (Cancelled), the once-only calls it left with their outcome unknown, and the
/// compensations a cancel would have run (completed steps that declare one and were not compensated): each is now for
/// the operator to undo with the lender by hand (e.g. release a pay-later block).
/// </summary>
public sealed record AbandonResult(WorkflowInstanceSummary Instance, IReadOnlyList<IntentRecord> UnresolvedIntents, IReadOnlyList<SkippedCompensation> CompensationsNotRun);

/// <summary>A completed step's compensation that did not run because its journey was abandoned.</summary>
/// <param name="StepId">The completed step.</param>
/// <param name="Activity">The compensation activity its definition declares (e.g. <c>CapitalFloat.ReleaseBlock</c>).</param>
public sealed record SkippedCompensation(string StepId, string Activity);
