using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// An abandoned journey as it is now (Cancelled), the once-only calls it left with their outcome unknown, and the
/// compensations a cancel would have run (completed steps that declare one and were not compensated): each is now for
/// the operator to undo with the lender by hand (e.g. release a pay-later block).
/// </summary>
/// <param name="Instance">The journey as it is now.</param>
/// <param name="StepId">The step it was at when it was abandoned.</param>
/// <param name="UnresolvedIntents">Once-only calls it sent whose outcome it never learnt.</param>
/// <param name="CompensationsNotRun">Compensations a cancel would have run, latest first.</param>
public sealed record AbandonResult(WorkflowInstanceSummary Instance, string? StepId, IReadOnlyList<IntentRecord> UnresolvedIntents, IReadOnlyList<SkippedCompensation> CompensationsNotRun);

/// <summary>A completed step's compensation that did not run because its journey was abandoned.</summary>
/// <param name="StepId">The completed step.</param>
/// <param name="Activity">The compensation activity its definition declares (e.g. <c>CapitalFloat.ReleaseBlock</c>).</param>
/// <param name="InThisBuild">This build has that activity (false: removed or renamed since the version was published).</param>
public sealed record SkippedCompensation(string StepId, string Activity, bool InThisBuild);
