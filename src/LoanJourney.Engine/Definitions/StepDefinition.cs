using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Definitions;

/// <summary>One step of a flowchart.</summary>
public sealed record StepDefinition
{
    /// <summary>Step id, unique within the definition.</summary>
    public required string Id { get; init; }

    /// <summary>Activity type name, e.g. <c>Core.Delay</c>.</summary>
    public required string Activity { get; init; }

    /// <summary>Human title.</summary>
    public string? Title { get; init; }

    /// <summary>Input values: literals or bindings (<c>$input.x</c>, <c>$steps.s.output.x</c>, <c>$vars.x</c>, <c>"{{ … }}"</c> templates).</summary>
    public JsonObject? Inputs { get; init; }

    /// <summary>Next step id per outcome. An outcome without an entry ends the journey.</summary>
    public IReadOnlyDictionary<string, string>? Next { get; init; }

    /// <summary>Retry policy for failed attempts.</summary>
    public RetryPolicyDefinition? Retry { get; init; }

    /// <summary>Timeout of one attempt (<c>00:00:30</c> or <c>PT30S</c>).</summary>
    public string? Timeout { get; init; }

    /// <summary>Activity run if the journey is cancelled after this step completed.</summary>
    public CompensationDefinition? Compensation { get; init; }
}
