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

    /// <summary>Whether the call this intent records may have taken effect (see <see cref="AnsweredWithFailure"/>).</summary>
    public bool MayHaveTakenEffect =>
        JsonNode.Parse(DataJson) is not JsonObject data || data[AnsweredWithFailure] is not JsonValue answered
        || !answered.TryGetValue<bool>(out var failed) || !failed;
}
