namespace LoanJourney.Engine.Errors;

/// <summary>A signal's payload does not fit the fields its activity declares for it; the signal was not accepted.</summary>
public sealed class SignalPayloadInvalidException(string instanceId, string signal, IReadOnlyList<InputFieldError> errors)
    : WorkflowEngineException("signal_payload_invalid",
        $"Signal '{signal}' to instance '{instanceId}' was not accepted: {InputFieldError.Describe(errors)}")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The signal sent.</summary>
    public string Signal { get; } = signal;

    /// <summary>Every field that does not fit.</summary>
    public IReadOnlyList<InputFieldError> Errors { get; } = errors;
}
