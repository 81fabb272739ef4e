namespace LoanJourney.Server.Workflows;

internal sealed record WorkflowDefinitionView(
    string Id, int Version, IReadOnlyList<int> Versions, string? Title, IReadOnlyList<InputFieldView> Inputs, string StartStep,
    IReadOnlyList<StepDefinitionView> Steps, IReadOnlyDictionary<string, ActivityView> Activities);
