using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace LoanJourney.Engine.Definitions;

/// <summary>Serializer settings of definition files, and their content hash.</summary>
public static partial class DefinitionJson
{
    /// <summary>
    /// Options: camelCase, comments and trailing commas allowed, unknown properties rejected, and an explicit null refused
    /// where the model does not allow one (<c>"id": null</c> was read as a null id and failed the compiler with a 500).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>The top-level field of the designer's step positions (presentation: outside the content hash).</summary>
    public const string LayoutField = "layout";

    /// <summary>
    /// Parses definition text to the normalized JSON (no whitespace or comments, no layout entry for a step the definition
    /// does not have) and the model.
    /// </summary>
    public static (WorkflowDefinition Definition, string NormalizedJson) Parse(string text)
    {
        var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }) ?? throw new JsonException("The file is empty JSON (null).");
        if (node is JsonObject file)
        {
            DropStaleLayout(file);
        }

        var normalized = node.ToJsonString();
        var definition = node.Deserialize<WorkflowDefinition>(Options) ?? throw new JsonException("The file is empty JSON (null).");
        RejectNullElements(definition);
        return (definition, normalized);
    }

    /// <summary>
    /// A parse error as a definition's author reads it: System.Text.Json names .NET types ("could not be converted to
    /// System.Collections.Generic.IReadOnlyList`1[LoanJourney.Engine.Definitions.StepDefinition]") and adds its own path and
    /// byte position; this says which JSON the field takes (the field itself is named by <see cref="FieldOf"/>).
    /// </summary>
    internal static string Describe(JsonException exception)
    {
        var message = exception.Message;
        if (ConvertedTo().Match(message) is { Success: true } converted)
        {
            return $"Wrong JSON type: it takes {JsonKindOf(converted.Groups["type"].Value)}.";
        }

        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            return $"Unknown field '{unmapped.Groups["name"].Value}' (docs/journeys.md lists the fields of a definition).";
        }

        if (NullNotAllowed().Match(message) is { Success: true } nulled)
        {
            return $"'{nulled.Groups["name"].Value}' may not be null.";
        }

        // Syntax errors and ours: drop the reader's own " Path: $… | LineNumber: … | BytePositionInLine: …" tail (zero-based;
        // Where says it 1-based).
        var tail = message.IndexOf(" Path: ", StringComparison.Ordinal);
        tail = tail > 0 ? tail : message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return tail > 0 ? message[..tail] : message;
    }

    /// <summary>
    /// Where <paramref name="text"/>, not JSON, broke, as an editor counts (<c>line 3, position 21</c>: 1-based, the position
    /// in characters of that line); null for an error of a JSON document's content, which has a JSON path instead
    /// (<see cref="FieldOf"/>). The reader of <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>
    /// gives a zero-based line and a position in UTF-8 bytes, but no path: session 45 counts that position in characters (a
    /// line with "ऋण" before the break was 4 positions off, 3 bytes a letter).
    /// </summary>
    internal static string? Where(JsonException exception, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (exception is not { Path: null, LineNumber: { } line, BytePositionInLine: { } bytes })
        {
            return null;
        }

        // The reader counts lines by '\n' (a "\r\n" line ends the same way).
        var start = 0;
        for (var l = 0L; l < line; l++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0)
            {
                break;
            }

            start = next + 1;
        }

        var position = 0L;
        var counted = 0L;
        foreach (var rune in text.AsSpan(start).EnumerateRunes())
        {
            if (counted >= bytes || rune.Value == '\n')
            {
                break;
            }

            counted += rune.Utf8SequenceLength;
            position += rune.Utf16SequenceLength;
        }

        return $"line {(line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}, position {(position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static string JsonKindOf(string type) => type switch
    {
        _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when type.Contains("Dictionary`2", StringComparison.Ordinal) || type.Contains("JsonObject", StringComparison.Ordinal) => "an object",
        "System.String" => "a string",
        "System.Double" => "a number",
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
        "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
        _ when type.Contains("System.TimeSpan", StringComparison.Ordinal) => "a duration string such as \"00:05:00\"",
        _ when typeof(DefinitionJson).Assembly.GetType(type) is { IsEnum: true } named => "one of " + string.Join(", ", Enum.GetNames(named)),
        _ when type.StartsWith("LoanJourney.", StringComparison.Ordinal) => "an object",
        _ => "another JSON type",
    };

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.(?: Path:|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"The (?:property or field|constructor parameter) '(?<name>[^']*)' on type '[^']*' doesn't allow (?:getting |setting )?null values", RegexOptions.CultureInvariant)]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedMember();

    /// <summary>The field a parse error's JSON path names (<c>$.steps[1]</c> → <c>steps[1]</c>), or <c>body</c> for the whole document.</summary>
    internal static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    // RespectNullableAnnotations covers properties, not the elements of a list or the values of a map: a null step, input
    // field or next target is refused here, with its path, rather than met by the compiler as a null reference.
    private static void RejectNullElements(WorkflowDefinition definition)
    {
        for (var i = 0; i < definition.Input.Count; i++)
        {
            if (definition.Input[i] is null)
            {
                throw new JsonException($"Input field {i} is null: each is an object with a name and a type.", $"$.input[{i}]", null, null);
            }
        }

        foreach (var (stepId, position) in definition.Layout ?? new Dictionary<string, StepPosition>())
        {
            if (position is null)
            {
                throw new JsonException($"The position of step '{stepId}' is null: give it as {{ \"x\": 0, \"y\": 0 }} or leave the step out.",
                    $"$.{LayoutField}.{stepId}", null, null);
            }
        }

        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i] ?? throw new JsonException($"Step {i} is null: each step is an object with an id and an activity.", $"$.steps[{i}]", null, null);
            foreach (var (outcome, target) in step.Next ?? new Dictionary<string, string>())
            {
                if (target is null)
                {
                    throw new JsonException($"Outcome '{outcome}' of step '{step.Id}' leads to null: name the step it leads to.", $"$.steps[{i}].next.{outcome}", null, null);
                }
            }
        }
    }

    /// <summary>
    /// Removes the positions of steps the definition does not have (a step removed or renamed by hand): the layout is
    /// presentation, and a leftover must never make a definition invalid. Only when <c>layout</c> is an object and
    /// <c>steps</c> an array of steps; anything else is left for the validator to name. Answers whether it removed any.
    /// </summary>
    public static bool DropStaleLayout(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition[LayoutField] is not JsonObject layout || definition["steps"] is not JsonArray steps)
        {
            return false;
        }

        var ids = steps.OfType<JsonObject>().Select(s => s["id"]).OfType<JsonValue>()
            .Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var stale = layout.Select(p => p.Key).Where(k => !ids.Contains(k)).ToList();
        foreach (var key in stale)
        {
            layout.Remove(key);
        }

        return stale.Count > 0;
    }

    /// <summary>Whether a definition's JSON has a saved layout with at least one position (false for JSON that does not parse).</summary>
    public static bool HasLayout(string json) =>
        json.Contains($"\"{LayoutField}\"", StringComparison.Ordinal) && TryParseObject(json)?[LayoutField] is JsonObject { Count: > 0 };

    /// <summary>
    /// The content hash: SHA-256 (hex) of the normalized JSON without its top-level <c>layout</c>, so moving steps in the
    /// designer never makes a new version. A definition without a layout hashes its JSON as it is (the hash versions
    /// stored before layouts existed were given).
    /// </summary>
    public static string Hash(string normalizedJson)
    {
        ArgumentNullException.ThrowIfNull(normalizedJson);
        var hashed = normalizedJson;
        if (normalizedJson.Contains($"\"{LayoutField}\"", StringComparison.Ordinal) && TryParseObject(normalizedJson) is { } definition
            && definition.Remove(LayoutField))
        {
            hashed = definition.ToJsonString();
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashed)));
    }

    private static JsonObject? TryParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
