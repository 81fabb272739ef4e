namespace LoanJourney.Engine.Errors;

/// <summary>Skip named an outcome the faulted step does not have.</summary>
public sealed class UnknownOutcomeException(string instanceId, string stepId, string outcome, IReadOnlyList<string> allowed)
    : WorkflowEngineException("outcome_unknown", $"Step '{stepId}' of instance '{instanceId}' has no outcome '{outcome}'; allowed: {string.Join(", ", allowed)}.")
{
    /// <summary>Outcomes that may be chosen.</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed;
}
