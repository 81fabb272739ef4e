namespace LoanJourney.Engine.Definitions;

/// <summary>One mistake in a definition file.</summary>
/// <param name="File">File name (or <c>store</c> for a stored snapshot).</param>
/// <param name="WorkflowId">Definition id, when known.</param>
/// <param name="StepId">Step at fault, when the mistake is in a step.</param>
/// <param name="Code">Kind of mistake.</param>
/// <param name="Message">What is wrong, readable by the author.</param>
/// <param name="Field">The property at fault, as a path within the step (<c>activity</c>, <c>next.Done</c>, <c>inputs.customerID</c>,
/// <c>retry.maxAttempts</c>) or within the definition when there is no step (<c>start</c>, <c>id</c>); null when no one property is.</param>
public sealed record DefinitionError(string File, string? WorkflowId, string? StepId, DefinitionErrorCode Code, string Message, string? Field = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        StepId is null ? $"{File}: {Code}: {Message}" : $"{File}: step '{StepId}': {Code}: {Message}";

    /// <summary>
    /// One line an operator reads: the file, the step and the field at fault, and what is wrong
    /// (<c>unknown-activity.json, step 'wait', field 'activity': Activity 'Core.Nope' is not registered.</c>).
    /// </summary>
    public string Describe()
    {
        var where = File;
        if (StepId is not null)
        {
            where += $", step '{StepId}'";
        }

        if (Field is not null)
        {
            where += $", field '{Field}'";
        }

        return $"{where}: {Message.TrimEnd('.')}";
    }
}
