using System.Text.Json.Serialization;
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

    /// <summary>
    /// The properties of an <see cref="ActivityValueType.Object"/> field, when the definition declares them (session 44): the
    /// start then takes those and no others inside it, at every depth that declares its own (docs/api.md, "Instances"). Absent
    /// (null): a free-form object, whatever it holds.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<InputFieldDefinition>? Properties { get; init; }
}
