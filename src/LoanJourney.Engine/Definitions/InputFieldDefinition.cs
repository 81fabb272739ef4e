using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Definitions;

/// <summary>A declared start input field.</summary>
public sealed record InputFieldDefinition
{
    /// <summary>Field name (top-level property of the start input).</summary>
    public required string Name { get; init; }

    /// <summary>Value type.</summary>
    public ActivityValueType Type { get; init; } = ActivityValueType.Any;

    /// <summary>A start without it is rejected.</summary>
    public bool Required { get; init; }

    /// <summary>Human description.</summary>
    public string? Description { get; init; }
}
