using LoanJourney.Engine.Definitions;

namespace LoanJourney.Server.Workflows;

/// <summary>A version of a workflow as the flowcharts draw it; <c>layout</c> is the designer's positions saved with it (null: none).</summary>
internal sealed record WorkflowDefinitionView(
    string Id, int Version, IReadOnlyList<int> Versions, string? Title, IReadOnlyList<InputFieldView> Inputs, string StartStep,
    IReadOnlyList<StepDefinitionView> Steps, IReadOnlyDictionary<string, ActivityView> Activities, IReadOnlyDictionary<string, StepPosition>? Layout);
