using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Definitions;

/// <summary>A versioned workflow definition: a flowchart of steps (the JSON file format, see docs/engine.md).</summary>
public sealed record WorkflowDefinition
{
    /// <summary>Stable id, e.g. <c>finbox-prism-journey</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Version number (≥ 1). The same id+version must always have the same content.</summary>
    public required int Version { get; init; }

    /// <summary>Human title.</summary>
    public string? Title { get; init; }

    /// <summary>Declared start input fields.</summary>
    public IReadOnlyList<InputFieldDefinition> Input { get; init; } = [];

    /// <summary>Declared variables with their initial values.</summary>
    public JsonObject? Variables { get; init; }

    /// <summary>Id of the first step.</summary>
    public required string Start { get; init; }

    /// <summary>The steps.</summary>
    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    /// <summary>
    /// The designer's arrangement: a position per step id (optional; steps without one are laid out automatically).
    /// Presentation only: excluded from the content hash, so it never makes a new version by itself.
    /// </summary>
    public IReadOnlyDictionary<string, StepPosition>? Layout { get; init; }
}
