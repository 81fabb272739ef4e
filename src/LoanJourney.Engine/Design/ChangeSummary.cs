using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Design;

/// <summary>
/// What a change did to a definition: step ids added, removed and changed, whether anything else outside the steps
/// changed, and whether the designer's layout changed (never counted as a change of a step or of the definition: a move
/// alone changes no behaviour).
/// </summary>
public sealed record ChangeSummary(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, bool DefinitionChanged,
    bool LayoutChanged = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>No change (also what a history row without a summary reads as).</summary>
    public static ChangeSummary None { get; } = new([], [], [], false);

    /// <summary>Compares two definition texts (either may be null or not even JSON: then every step of the other counts).</summary>
    public static ChangeSummary Between(string? before, string? after)
    {
        var old = Parse(before);
        var @new = Parse(after);
        var oldSteps = Steps(old);
        var newSteps = Steps(@new);
        var added = newSteps.Keys.Where(k => !oldSteps.ContainsKey(k)).ToList();
        var removed = oldSteps.Keys.Where(k => !newSteps.ContainsKey(k)).ToList();
        var changed = newSteps.Where(p => oldSteps.TryGetValue(p.Key, out var o) && !JsonNode.DeepEquals(o, p.Value)).Select(p => p.Key).ToList();
        var definitionChanged = !JsonNode.DeepEquals(Rest(old), Rest(@new));
        var layoutChanged = !JsonNode.DeepEquals(NullIfEmpty(old?[DefinitionJson.LayoutField]), NullIfEmpty(@new?[DefinitionJson.LayoutField]));
        return new ChangeSummary(added, removed, changed, definitionChanged, layoutChanged);
    }

    /// <summary>The stored form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads the stored form; <see cref="None"/> for an empty object.</summary>
    public static ChangeSummary FromJson(string json)
    {
        try
        {
            var node = JsonNode.Parse(json) as JsonObject;
            return node is null || node.Count == 0 ? None : node.Deserialize<ChangeSummary>(Json) ?? None;
        }
        catch (JsonException)
        {
            return None;
        }
    }

    private static JsonObject? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? NullIfEmpty(JsonNode? node) => node switch
    {
        JsonObject { Count: 0 } or JsonArray { Count: 0 } => null,
        _ => node,
    };

    private static Dictionary<string, JsonNode> Steps(JsonObject? definition)
    {
        var steps = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (definition?["steps"] is JsonArray array)
        {
            foreach (var step in array.OfType<JsonObject>())
            {
                if (step["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
                {
                    steps.TryAdd(id.GetValue<string>(), step);
                }
            }
        }

        return steps;
    }

    // Everything but the steps, the version (a publish renumbers, which is not a change of content) and the layout. An
    // absent "input", "variables" or "layout" is the same as an empty one (the Studio's new draft holds "variables": {}).
    private static JsonObject Rest(JsonObject? definition)
    {
        var rest = new JsonObject();
        foreach (var (key, value) in definition ?? [])
        {
            if (key is not ("steps" or "version" or DefinitionJson.LayoutField)
                && !(key is "input" or "variables" && NullIfEmpty(value) is null))
            {
                rest[key] = value?.DeepClone();
            }
        }

        return rest;
    }
}
