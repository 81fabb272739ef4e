namespace LoanJourney.Engine.Errors;

/// <summary>Base of the engine's typed errors. <see cref="Code"/> is stable and maps to a problem-details type.</summary>
public abstract class WorkflowEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected WorkflowEngineException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates the exception with the error that caused it.</summary>
    protected WorkflowEngineException(string code, string message, Exception innerException)
        : base(message, innerException) => Code = code;

    /// <summary>Stable machine-readable code, e.g. <c>workflow_not_found</c>.</summary>
    public string Code { get; }
}
