namespace LoanJourney.Engine.Definitions;

/// <summary>The definitions that loaded and the errors of those that did not.</summary>
public sealed record DefinitionLoadResult(IReadOnlyList<CompiledWorkflow> Definitions, IReadOnlyList<DefinitionError> Errors);
