namespace LoanJourney.Engine.Errors;

/// <summary>The instance is not waiting for this signal.</summary>
public sealed class SignalNotExpectedException(string instanceId, string signal, IReadOnlyList<string> expected)
    : WorkflowEngineException("signal_not_expected", expected.Count == 0
        ? $"Instance '{instanceId}' is not waiting for any signal (signal '{signal}' was sent)."
        : $"Instance '{instanceId}' is not waiting for signal '{signal}'; it waits for: {string.Join(", ", expected)}.")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The signal sent.</summary>
    public string Signal { get; } = signal;

    /// <summary>Signals the instance does wait for.</summary>
    public IReadOnlyList<string> Expected { get; } = expected;
}
