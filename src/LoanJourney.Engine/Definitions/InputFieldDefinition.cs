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
    /// The format a <see cref="ActivityValueType.String"/> field's value must have (session 45), one of
    /// <see cref="InputFormats.Known"/>: <c>email</c>, <c>date</c>, <c>pan</c>, <c>mobile-in</c>, <c>pincode</c>, <c>ifsc</c>.
    /// Served as the input schema's <c>format</c> and checked at every start; an unknown name is refused by the compiler.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Format { get; init; }

    /// <summary>
    /// A regular expression a <see cref="ActivityValueType.String"/> field's value must match (JSON Schema's <c>pattern</c>:
    /// found anywhere in the value unless anchored with <c>^…$</c>). One that does not compile is refused by the compiler.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pattern { get; init; }

    /// <summary>
    /// The properties of an <see cref="ActivityValueType.Object"/> field, when the definition declares them (session 44): the
    /// start then takes those and no others inside it, at every depth that declares its own (docs/api.md, "Instances"). Absent
    /// (null): a free-form object, whatever it holds.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<InputFieldDefinition>? Properties { get; init; }
}
