using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Errors;

/// <summary>
/// A workflow has no version this node can serve because its file in the definitions directory did not load (invalid
/// JSON, an unknown activity, a broken transition, a bad input field, two files claiming its id and version): a start or
/// a read of it says so, naming the file and the field, instead of "not found" (docs/journeys.md, "Files in workflows/").
/// </summary>
public sealed class WorkflowUnloadableException(string workflowId, IReadOnlyList<DefinitionError> errors)
    : WorkflowEngineException("workflow_unloadable",
        $"Workflow '{workflowId}' did not load from the definitions directory: {Describe(errors)}. Fix the file and restart the server (or publish a version from the Studio).")
{
    /// <summary>The workflow asked for.</summary>
    public string WorkflowId { get; } = workflowId;

    /// <summary>Its file's load errors.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<DefinitionError> errors) =>
        string.Join("; ", errors.Take(3).Select(e => e.Describe())) + (errors.Count > 3 ? $" (and {errors.Count - 3} more)" : "");
}
