using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Errors;

/// <summary>Definitions failed to load and the engine is configured to refuse to start with errors.</summary>
public sealed class DefinitionLoadException(IReadOnlyList<DefinitionError> errors)
    : WorkflowEngineException("definitions_invalid", "Workflow definitions have errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    /// <summary>Every error.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;
}
