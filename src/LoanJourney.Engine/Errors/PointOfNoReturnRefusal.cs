namespace LoanJourney.Engine.Errors;

/// <summary>One journey a cancel cannot undo (see <see cref="PastPointOfNoReturnException"/>).</summary>
/// <param name="InstanceId">The journey.</param>
/// <param name="StepId">Its point-of-no-return step.</param>
/// <param name="Activity">The step's activity.</param>
/// <param name="Outcome">The outcome the step ended with; null while its call is out.</param>
/// <param name="MoneyCallOut">The step's call may be out (no outcome yet).</param>
/// <param name="TakenAnswer">The lender's answer that it took the call (its reference not given), when it said so.</param>
/// <param name="AwaitsDecision">The call's answer was lost and an outcome-unknown incident asks the operator to settle it.</param>
public sealed record PointOfNoReturnRefusal(string InstanceId, string StepId, string Activity, string? Outcome, bool MoneyCallOut, string? TakenAnswer = null, bool AwaitsDecision = false);
