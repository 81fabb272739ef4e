using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Definitions;

/// <summary>A compensating activity, run in reverse completion order when a journey is cancelled.</summary>
public sealed record CompensationDefinition
{
    /// <summary>Activity type name.</summary>
    public required string Activity { get; init; }

    /// <summary>Inputs; may bind the compensated step's own output.</summary>
    public JsonObject? Inputs { get; init; }
}
