using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Errors;

/// <summary>
/// The alteration could send a once-only call (a disbursal, a block) again while its intent is unresolved: sent, outcome
/// unknown. The operator resolves it first (confirm sent / not sent on the incident, or let the step reconcile).
/// </summary>
public sealed class UnresolvedIntentException(string instanceId, IReadOnlyList<IntentRecord> intents, string? instead = null)
    : WorkflowEngineException("unresolved_intent",
        $"Instance '{instanceId}' has an unresolved once-only call ({string.Join(", ", intents.Select(i => $"{i.Key} at step {i.StepId}"))}); " +
        (instead ?? "resolve it before altering the journey."))
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The unresolved intents.</summary>
    public IReadOnlyList<IntentRecord> Intents { get; } = intents;
}
