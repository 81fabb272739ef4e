using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Definitions;

/// <summary>What bindings resolve against: start input, step outputs by step id, variables.</summary>
public sealed record BindingScope(JsonNode? Input, JsonObject Outputs, JsonObject Variables);
