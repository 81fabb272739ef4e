using System.Runtime.CompilerServices;
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

    // The entries behind each history text this process wrote, by the text's identity (not its value): the runner reads back
    // the history it wrote at the previous step of the same instance (same run, or a parked one), and deserialising ~28 entries
    // again was ~1.3 % of the server's CPU under `journeys` (docs/PERFORMANCE.md, round 5). An entry lives as long as its
    // text; the entries are immutable records, so a reader gets a copy of the list and the list it mutates is its own.
    private static readonly ConditionalWeakTable<string, StepHistoryEntry[]> Written = new();

    public static List<StepHistoryEntry> ReadHistory(string json) =>
        Written.TryGetValue(json, out var entries) ? [.. entries] : JsonSerializer.Deserialize<List<StepHistoryEntry>>(json, Options) ?? [];

    public static string WriteHistory(List<StepHistoryEntry> history)
    {
        var json = JsonSerializer.Serialize(history, Options);
        Written.AddOrUpdate(json, [.. history]);
        return json;
    }

    public static string? Write(JsonNode? node) => node?.ToJsonString();
}
