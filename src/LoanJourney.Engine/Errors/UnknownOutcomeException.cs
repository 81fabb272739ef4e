namespace LoanJourney.Engine.Errors;

/// <summary>Skip named an outcome the faulted step does not have, or none (<paramref name="outcome"/> empty) for a step that needs one.</summary>
public sealed class UnknownOutcomeException(string instanceId, string stepId, string outcome, IReadOnlyList<string> allowed)
    : WorkflowEngineException("outcome_unknown", (outcome.Length == 0
        ? $"Skipping step '{stepId}' of instance '{instanceId}' needs the outcome to continue with"
        : $"Step '{stepId}' of instance '{instanceId}' has no outcome '{outcome}'") + $"; allowed: {string.Join(", ", allowed)}.")
{
    /// <summary>Outcomes that may be chosen.</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed;
}
