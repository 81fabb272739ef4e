using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities;

internal sealed record ActivityContextInit(
    string InstanceId,
    string WorkflowId,
    int WorkflowVersion,
    string? CorrelationId,
    string? Partner,
    string StepId,
    int Attempt,
    JsonObject Inputs,
    string? VariablesJson,
    JsonObject State,
    TimeProvider Time,
    CancellationToken CancellationToken,
    string? NodeId = null);
