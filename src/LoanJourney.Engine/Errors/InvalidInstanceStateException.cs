namespace LoanJourney.Engine.Errors;

/// <summary>The operation does not apply to the instance in its current status (e.g. cancel a completed instance).</summary>
public sealed class InvalidInstanceStateException : WorkflowEngineException
{
    /// <summary>The status alone is the reason: "Cannot cancel instance 'x': it is Completed."</summary>
    public InvalidInstanceStateException(string instanceId, string operation, string status)
        : this(instanceId, operation, status, null)
    {
    }

    /// <summary>
    /// <paramref name="because"/> says why when the status alone is not the reason ("past its once-only call …"): the message
    /// gives it in place of the status, and <see cref="Status"/> stays the status (problem details' <c>instanceStatus</c>).
    /// </summary>
    public InvalidInstanceStateException(string instanceId, string operation, string status, string? because)
        : base("invalid_state", $"Cannot {operation} instance '{instanceId}': it is {because ?? status}.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>Its status (Waiting, Faulted, Completed…), never an explanation.</summary>
    public string Status { get; }
}
