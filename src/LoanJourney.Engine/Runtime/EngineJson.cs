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
        // Whole milliseconds, what every other time of a journey is (the stores keep UnixMs; a start's record since session 43):
        // a step's startedAt, and so a journey's waitingSince, read 21:15:50.3105038 beside an updatedAt of 21:15:50.31. In
        // place, so the writer's list says what was stored; an entry written before is whole already and is not copied.
        for (var i = 0; i < history.Count; i++)
        {
            var e = history[i];
            if (e.StartedAt.Ticks % TimeSpan.TicksPerMillisecond != 0 || e.FinishedAt is { } f && f.Ticks % TimeSpan.TicksPerMillisecond != 0)
            {
                history[i] = e with { StartedAt = WholeMillisecond(e.StartedAt), FinishedAt = e.FinishedAt is { } finished ? WholeMillisecond(finished) : null };
            }
        }

        var json = JsonSerializer.Serialize(history, Options);
        Written.AddOrUpdate(json, [.. history]);
        return json;
    }

    /// <summary><paramref name="at"/> without its part below the millisecond (as the stores keep times).</summary>
    public static DateTimeOffset WholeMillisecond(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));

    public static string? Write(JsonNode? node) => node?.ToJsonString();
}
