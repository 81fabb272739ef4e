using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities;

/// <summary>
/// What an operator decided about an <see cref="ErrorKind"/> incident (a side effect whose outcome nobody can learn from
/// the other party): it was sent (with the other party's reference) or it was not (send again). The third choice, cancel,
/// is the ordinary instance cancel. The engine hands the decision to the re-run of the step through its durable state.
/// </summary>
/// <param name="Id">Unique per decision (the incident id), so an activity can tell a decision it already acted on.</param>
/// <param name="Sent">True: the operator confirmed the call took effect; false: confirmed it did not (send again).</param>
/// <param name="Reference">The other party's reference when <paramref name="Sent"/> (e.g. a tranche id).</param>
/// <param name="At">When the operator decided.</param>
public sealed record OperatorDecision(string Id, bool Sent, string? Reference, DateTimeOffset At)
{
    /// <summary>The error kind of an incident that waits for an operator's decision.</summary>
    public const string ErrorKind = "OutcomeUnknown";

    /// <summary>The step-state key the decision is handed over under.</summary>
    public const string StateKey = "$operatorDecision";

    /// <summary>The decision handed to this run of the step, or null.</summary>
    public static OperatorDecision? From(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.State[StateKey] is JsonObject o && o["id"]?.GetValue<string>() is { } id
            ? new OperatorDecision(id, o["sent"]?.GetValue<bool>() ?? false, o["reference"]?.GetValue<string>(), o["at"]?.GetValue<DateTimeOffset>() ?? default)
            : null;
    }

    /// <summary>As stored in the step state and the journal.</summary>
    public JsonObject ToJson() => new() { ["id"] = Id, ["sent"] = Sent, ["reference"] = Reference, ["at"] = At };
}
