using System.Text.Json;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Storage;

/// <summary>A fired bookmark waiting to be processed by the runner (stored on the instance row).</summary>
public sealed record PendingStimulus(BookmarkKind Kind, string Name, string? Key, string? PayloadJson, string? EventId, DateTimeOffset? ReceivedAt = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes for the instance row.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads from the instance row.</summary>
    public static PendingStimulus? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<PendingStimulus>(json, Json);
}
