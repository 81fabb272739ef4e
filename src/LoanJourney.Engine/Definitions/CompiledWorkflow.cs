namespace LoanJourney.Engine.Definitions;

/// <summary>A validated definition ready to run, with the exact JSON snapshot it came from.</summary>
public sealed record CompiledWorkflow(WorkflowDefinition Definition, IReadOnlyDictionary<string, CompiledStep> Steps, string Json, string ContentHash, string File)
{
    /// <summary>Definition id.</summary>
    public string Id => Definition.Id;

    /// <summary>Definition version.</summary>
    public int Version => Definition.Version;

    /// <summary>
    /// What this build's activities ask for that the version, published under an earlier build, does not give
    /// (<see cref="WorkflowCompiler.CompilePublished"/>); empty for every version that validates today.
    /// </summary>
    public IReadOnlyList<DefinitionError> Outdated { get; init; } = [];

    /// <summary>The step, or an exception naming it when the definition has no such step.</summary>
    public CompiledStep GetStep(string stepId) =>
        Steps.TryGetValue(stepId, out var step) ? step : throw new InvalidOperationException($"Workflow {Id} v{Version} has no step '{stepId}'.");
}
