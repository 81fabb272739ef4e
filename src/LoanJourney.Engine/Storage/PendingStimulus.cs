using System.Text.Json;
using System.Text.Json.Serialization;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// A fired bookmark waiting to be processed by the runner (stored on the instance row). A webhook's
/// <paramref name="TraceParent"/> is the W3C trace context of the request that brought it (when that request's span was
/// recorded): the step it resumes links its span there. Left out of the JSON when there is none.
/// </summary>
public sealed record PendingStimulus(BookmarkKind Kind, string Name, string? Key, string? PayloadJson, string? EventId, DateTimeOffset? ReceivedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes for the instance row.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads from the instance row.</summary>
    public static PendingStimulus? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<PendingStimulus>(json, Json);
}
