using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Http;

/// <summary>
/// Reads the fields of a JSON request body (after <see cref="JsonBody"/>), every endpoint the same way: a field that is
/// absent or <c>null</c> is missing ("Required: ..." when the endpoint needs it); one of another JSON type is answered
/// "Must be a string, not a number." naming the field. Before, each endpoint answered both "Required", which sent a caller
/// looking for a field they had sent. What a value must be beyond its type (a range, a length) is the endpoint's to say.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// A string field; null when absent or null. <paramref name="required"/> (what the field is, after "Required: ") makes
    /// it required, and then a blank string counts as missing too.
    /// </summary>
    public static bool TryReadString(JsonNode? body, string name, string? required, out string? value, out ProblemHttpResult invalid)
    {
        value = null;
        if (!TryField(body, name, required, "a string", n => n.GetValueKind() == JsonValueKind.String, out var node, out invalid))
        {
            return false;
        }

        value = node?.GetValue<string>();
        return required is null || !string.IsNullOrWhiteSpace(value) || Missing(name, required, out invalid);
    }

    /// <summary>A required string field (not blank): <see cref="TryReadString"/> with <paramref name="required"/>.</summary>
    public static bool TryReadRequiredString(JsonNode? body, string name, string required, [NotNullWhen(true)] out string? value, out ProblemHttpResult invalid) =>
        TryReadString(body, name, required, out value, out invalid) && value is not null;

    /// <summary>A whole-number field (within <see cref="long"/>); null when absent or null.</summary>
    public static bool TryReadInteger(JsonNode? body, string name, string? required, out long? value, out ProblemHttpResult invalid)
    {
        value = null;
        if (!TryField(body, name, required, "a whole number", n => n.GetValueKind() == JsonValueKind.Number, out var node, out invalid))
        {
            return false;
        }

        if (node is null)
        {
            return true;
        }

        if (!node.AsValue().TryGetValue<long>(out var number))
        {
            invalid = Problem.Invalid(name, $"Must be a whole number, not {node.ToJsonString()}.");
            return false;
        }

        value = number;
        return true;
    }

    /// <summary>A <c>true</c>/<c>false</c> field; null when absent or null.</summary>
    public static bool TryReadBoolean(JsonNode? body, string name, out bool? value, out ProblemHttpResult invalid)
    {
        var read = TryField(body, name, null, "true or false", n => n.GetValueKind() is JsonValueKind.True or JsonValueKind.False, out var node, out invalid);
        value = node?.GetValue<bool>();
        return read;
    }

    /// <summary>An object field; null when absent or null. <paramref name="hint"/> follows the wrong-type message.</summary>
    public static bool TryReadObject(JsonNode? body, string name, string? required, out JsonObject? value, out ProblemHttpResult invalid, string? hint = null)
    {
        var read = TryField(body, name, required, "an object", n => n is JsonObject, out var node, out invalid, hint);
        value = node as JsonObject;
        return read;
    }

    /// <summary>
    /// An array of strings; null when absent or null. An element of another type is named by its index
    /// (<c>ids[1]</c>); <paramref name="hint"/> follows the message when the field is not an array.
    /// </summary>
    public static bool TryReadStrings(JsonNode? body, string name, string? required, out IReadOnlyList<string>? value, out ProblemHttpResult invalid, string? hint = null)
    {
        value = null;
        if (!TryField(body, name, required, "an array", n => n is JsonArray, out var node, out invalid, hint))
        {
            return false;
        }

        if (node is null)
        {
            return true;
        }

        var array = node.AsArray();
        var strings = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue element || element.GetValueKind() != JsonValueKind.String)
            {
                invalid = Problem.Invalid($"{name}[{i}]", WrongType("a string", array[i]));
                return false;
            }

            strings.Add(element.GetValue<string>());
        }

        value = strings;
        return true;
    }

    /// <summary>
    /// False with a 400 naming the first field of <paramref name="body"/> that is not one of <paramref name="takes"/>
    /// ("Unknown field: a cancel takes "reason" only."). A misspelt field ("reasn") or one of another operation (a bulk
    /// operation's "dryRun" sent to a single cancel, which then cancelled at once) was ignored, and the operation ran without it.
    /// </summary>
    public static bool TryOnly(JsonNode? body, string operation, out ProblemHttpResult invalid, params string[] takes) =>
        TryOnly(body, operation, null, out invalid, takes);

    /// <summary>
    /// <see cref="TryOnly(JsonNode?, string, out ProblemHttpResult, string[])"/> for an object inside the body: the field is
    /// named by its path under <paramref name="parent"/> (<c>filter.customerId</c>), so the caller finds it where they sent it.
    /// </summary>
    public static bool TryOnly(JsonNode? node, string operation, string? parent, out ProblemHttpResult invalid, params string[] takes)
    {
        foreach (var (name, _) in node as JsonObject ?? [])
        {
            if (!takes.Contains(name, StringComparer.Ordinal))
            {
                var list = takes.Length == 1 ? $"\"{takes[0]}\"" : string.Join(", ", takes[..^1].Select(t => $"\"{t}\"")) + $" and \"{takes[^1]}\"";
                invalid = Problem.Invalid(parent is null ? name : $"{parent}.{name}", $"Unknown field: {operation} takes {list} only.");
                return false;
            }
        }

        invalid = null!;
        return true;
    }

    /// <summary>"Must be a string, not a number." — what a field takes and the JSON type it was sent as.</summary>
    public static string WrongType(string takes, JsonNode? got, string? hint = null) => WrongType(takes, Describe(got), hint);

    /// <inheritdoc cref="WrongType(string, JsonNode?, string?)"/>
    public static string WrongType(string takes, JsonValueKind got, string? hint = null) => WrongType(takes, Describe(got), hint);

    private static string WrongType(string takes, string got, string? hint) => $"Must be {takes}, not {got}." + (hint is null ? "" : " " + hint);

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => Describe(node.GetValueKind()),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    // The field when it is absent or null (node null: fine unless required) or of the JSON type the reader takes; the
    // problem naming it otherwise. A body that is not an object has no fields (JsonBody refuses it where one is required).
    private static bool TryField(JsonNode? body, string name, string? required, string takes, Func<JsonNode, bool> isOfType,
        out JsonNode? node, out ProblemHttpResult invalid, string? hint = null)
    {
        node = (body as JsonObject)?[name];
        if (node is null)
        {
            return Missing(name, required, out invalid);
        }

        if (isOfType(node))
        {
            invalid = null!;
            return true;
        }

        invalid = Problem.Invalid(name, WrongType(takes, node, hint));
        node = null;
        return false;
    }

    private static bool Missing(string name, string? required, out ProblemHttpResult invalid)
    {
        invalid = required is null ? null! : Problem.Invalid(name, "Required: " + required);
        return required is null;
    }
}
