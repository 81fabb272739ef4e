using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Storage;

/// <summary>A persisted intent of a once-only side effect.</summary>
public sealed record IntentRecord(string InstanceId, string Key, string StepId, string DataJson, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Field of an intent's data an activity sets to <c>true</c> once the lender answered its last send with a failure: that
    /// call did not take effect. Any other intent may have (sent and not answered yet, answered lost, or answered with success
    /// while the step has not committed).
    /// </summary>
    public const string AnsweredWithFailure = "answered";

    /// <summary>
    /// Field of an intent's data an activity sets (to the lender's code) once the lender answered that it already took this
    /// request (a deduplicated trigger resent: FinBox <c>FBX-S-208</c>) without the reference to follow it by. The call is
    /// known to be out, not merely possibly: a cancel of a point-of-no-return step is refused even while the operator is
    /// asked for the reference, and the operator cannot confirm it was not sent (docs/engine.md "Point of no return").
    /// </summary>
    public const string TakenByLender = "takenByLender";

    /// <summary>The lender's answer that it took the call this intent records, or null (see <see cref="TakenByLender"/>).</summary>
    public string? TakenAnswer =>
        JsonNode.Parse(DataJson) is JsonObject data && data[TakenByLender] is JsonValue taken && taken.TryGetValue<string>(out var code) && code.Length > 0 ? code : null;

    /// <summary>Whether the lender said it took the call this intent records (see <see cref="TakenByLender"/>).</summary>
    public bool KnownTaken => TakenAnswer is not null;

    /// <summary>Whether the call this intent records may have taken effect (see <see cref="AnsweredWithFailure"/>).</summary>
    public bool MayHaveTakenEffect =>
        JsonNode.Parse(DataJson) is not JsonObject data || data[AnsweredWithFailure] is not JsonValue answered
        || !answered.TryGetValue<bool>(out var failed) || !failed;
}
