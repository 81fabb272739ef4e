using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

/// <summary>JSON helpers for the instance row's JSON columns.</summary>
internal static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonObject ParseObject(string? json) => json is null ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    public static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    public static List<StepHistoryEntry> ReadHistory(string json) =>
        JsonSerializer.Deserialize<List<StepHistoryEntry>>(json, Options) ?? [];

    public static string WriteHistory(List<StepHistoryEntry> history) => JsonSerializer.Serialize(history, Options);

    public static string? Write(JsonNode? node) => node?.ToJsonString();
}
