using System.Reflection;

namespace LoanJourney.Engine.Activities;

/// <summary>What an activity is: its type name, inputs, outputs and outcomes. Serializable for a UI.</summary>
public sealed record ActivityDescriptor
{
    /// <summary>Stable type name, e.g. <c>Core.Delay</c>.</summary>
    public required string TypeName { get; init; }

    /// <summary>Human description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Declared inputs.</summary>
    public required IReadOnlyList<ActivityInputDescriptor> Inputs { get; init; }

    /// <summary>Declared fields of the payloads of the signals it waits for.</summary>
    public IReadOnlyList<ActivitySignalFieldDescriptor> SignalFields { get; init; } = [];

    /// <summary>Declared output field names.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Static outcomes (empty for terminal activities).</summary>
    public required IReadOnlyList<string> Outcomes { get; init; }

    /// <summary>When set, outcomes come from the keys of this input (plus <see cref="DefaultOutcome"/>).</summary>
    public string? OutcomesFromInput { get; init; }

    /// <summary>The fallback outcome of dynamic-outcome activities.</summary>
    public string DefaultOutcome { get; init; } = "Default";

    /// <summary>Can suspend on bookmarks.</summary>
    public bool IsWait { get; init; }

    /// <summary>Has a once-only side effect.</summary>
    public bool IsOnceOnly { get; init; }

    /// <summary>Outcomes past which the journey can no longer be cancelled (see <see cref="ActivityAttribute.PointOfNoReturn"/>).</summary>
    public IReadOnlyList<string> PointOfNoReturn { get; init; } = [];

    /// <summary>Ends the journey.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>The output that carries a journey outcome name (see <see cref="ActivityAttribute.JourneyOutcomeOutput"/>).</summary>
    public string? JourneyOutcomeOutput { get; init; }

    /// <summary>Computes from its inputs alone (see <see cref="ActivityAttribute.IsPure"/>).</summary>
    public bool IsPure { get; init; }

    /// <summary>CLR type that implements the activity.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public required Type ClrType { get; init; }

    /// <summary>Builds a descriptor from the attributes on <paramref name="type"/>.</summary>
    public static ActivityDescriptor FromType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"Activity type '{type.FullName}' has no [Activity] attribute.");
        if (!typeof(IActivity).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"Activity type '{type.FullName}' does not implement IActivity.");
        }

        return new ActivityDescriptor
        {
            TypeName = attribute.TypeName,
            Description = attribute.Description,
            Inputs = type.GetCustomAttributes<ActivityInputAttribute>()
                .Select(i => new ActivityInputDescriptor(i.Name, i.Type, i.Required, i.Description, i.IsJourneyOutcome, i.IsWholeAmount)).ToArray(),
            SignalFields = type.GetCustomAttributes<ActivitySignalFieldAttribute>()
                .Select(f => new ActivitySignalFieldDescriptor(f.Signal, f.Name, f.Type, f.Required, f.Description) { Pattern = f.Pattern }).ToArray(),
            Outputs = attribute.Outputs,
            Outcomes = attribute.IsTerminal ? [] : attribute.Outcomes,
            OutcomesFromInput = attribute.OutcomesFromInput,
            DefaultOutcome = attribute.OutcomesFromInputDefault,
            IsWait = attribute.IsWait,
            IsOnceOnly = attribute.IsOnceOnly,
            PointOfNoReturn = attribute.PointOfNoReturn,
            IsTerminal = attribute.IsTerminal,
            JourneyOutcomeOutput = attribute.JourneyOutcomeOutput,
            IsPure = attribute.IsPure,
            ClrType = type,
        };
    }
}
