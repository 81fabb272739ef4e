namespace LoanJourney.Engine.Errors;

/// <summary>The start input does not match the definition's input fields; <see cref="Errors"/> lists each field.</summary>
public sealed class InputValidationException(string workflowId, IReadOnlyList<InputFieldError> errors)
    : WorkflowEngineException("input_invalid",
        $"Input for workflow '{workflowId}' is invalid: {InputFieldError.Describe(errors)}")
{
    /// <summary>The workflow started.</summary>
    public string WorkflowId { get; } = workflowId;

    /// <summary>Every invalid field.</summary>
    public IReadOnlyList<InputFieldError> Errors { get; } = errors;
}
