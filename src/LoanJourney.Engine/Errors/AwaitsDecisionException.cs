namespace LoanJourney.Engine.Errors;

/// <summary>
/// A retry of an incident that asks the operator about a money call (<see cref="Activities.OperatorDecision.ErrorKind"/>:
/// sent, no answer back, no way to look it up). A retry sends nothing and raises the same question again, so it is refused;
/// the operator answers it with confirm-sent or confirm-not-sent. Code <c>awaits_decision</c> (the API's <c>409</c>, and
/// a bulk retry's per-journey result). Decided in the retry's own read of the incident, which its commit is conditional on
/// (session 46): a bulk retry used to read the journey first and retry after, so an incident that became this question in
/// between was retried.
/// </summary>
public sealed class AwaitsDecisionException(string instanceId, string stepId)
    : WorkflowEngineException("awaits_decision",
        $"Not retried: journey '{instanceId}' waits for an operator's answer about the money call of step '{stepId}', sent with no answer back. " +
        "A retry sends nothing and asks again; answer it on the journey with confirm-sent or confirm-not-sent.")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The step whose money call is in question.</summary>
    public string StepId { get; } = stepId;
}
