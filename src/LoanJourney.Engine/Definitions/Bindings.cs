using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// Binding syntax. A string value that is exactly a reference (<c>$input.a</c>, <c>$steps.s.output.x</c>,
/// <c>$vars.v</c>) is replaced by the referenced JSON value. A string with <c>{{ reference }}</c> parts is a template
/// and yields a string. <c>$$</c> at the start escapes a literal <c>$</c>. Objects and arrays are resolved recursively.
/// </summary>
public static class Bindings
{
    /// <summary>Parses a reference; returns null and a reason when it is malformed.</summary>
    public static BindingReference? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var parts = text.Trim().Split('.');
        if (parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$')))
        {
            error = $"'{text}' is not a valid reference (segments must be letters, digits, '_' or '-').";
            return null;
        }

        switch (parts[0])
        {
            case "$input":
                return new BindingReference(BindingRoot.Input, null, parts[1..]);
            case "$vars" when parts.Length >= 2:
                return new BindingReference(BindingRoot.Vars, null, parts[1..]);
            case "$steps" when parts.Length >= 3 && parts[2] == "output":
                return new BindingReference(BindingRoot.Steps, parts[1], parts[3..]);
            case "$steps":
                error = $"'{text}' must have the form $steps.<stepId>.output[.path].";
                return null;
            case "$vars":
                error = $"'{text}' must name a variable: $vars.<name>.";
                return null;
            default:
                error = $"'{text}' has an unknown root '{parts[0]}' (use $input, $steps or $vars; escape a literal '$' as '$$').";
                return null;
        }
    }

    /// <summary>Every reference in <paramref name="value"/> (recursively), with a parse error for malformed ones.</summary>
    public static IEnumerable<(BindingReference? Reference, string? Error)> Find(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var child in obj.SelectMany(p => Find(p.Value)))
                {
                    yield return child;
                }

                break;
            case JsonArray array:
                foreach (var child in array.SelectMany(Find))
                {
                    yield return child;
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                foreach (var found in FindInString(v.GetValue<string>()))
                {
                    yield return found;
                }

                break;
        }
    }

    /// <summary>Whether the value contains any reference or template (so it is not a plain literal).</summary>
    public static bool IsBound(JsonNode? value) => Find(value).Any();

    /// <summary>Resolves every binding in <paramref name="value"/> to a fresh JSON tree.</summary>
    public static JsonNode? Resolve(JsonNode? value, BindingScope scope) => value switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, scope)))),
        JsonArray array => new JsonArray(array.Select(item => Resolve(item, scope)).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => ResolveString(v.GetValue<string>(), scope),
        _ => value?.DeepClone(),
    };

    private static IEnumerable<(BindingReference?, string?)> FindInString(string text)
    {
        if (text.StartsWith("$$", StringComparison.Ordinal))
        {
            yield break;
        }

        if (text.StartsWith('$'))
        {
            var reference = TryParse(text, out var error);
            yield return (reference, error);
            yield break;
        }

        var start = 0;
        while ((start = text.IndexOf("{{", start, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                yield return (null, $"Template '{text}' has '{{{{' without '}}}}'.");
                yield break;
            }

            var reference = TryParse(text[(start + 2)..end].Trim(), out var error);
            yield return (reference, error);
            start = end + 2;
        }
    }

    private static JsonNode? ResolveString(string text, BindingScope scope)
    {
        if (text.StartsWith("$$", StringComparison.Ordinal))
        {
            return JsonValue.Create(text[1..]);
        }

        if (text.StartsWith('$'))
        {
            var reference = TryParse(text, out var error) ?? throw new InvalidOperationException(error);
            return reference.Resolve(scope)?.DeepClone();
        }

        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return JsonValue.Create(text);
        }

        var builder = new StringBuilder();
        var position = 0;
        int start;
        while ((start = text.IndexOf("{{", position, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            builder.Append(text, position, start - position);
            var reference = TryParse(text[(start + 2)..end].Trim(), out var error) ?? throw new InvalidOperationException(error);
            builder.Append(Stringify(reference.Resolve(scope)));
            position = end + 2;
        }

        builder.Append(text, position, text.Length - position);
        return JsonValue.Create(builder.ToString());
    }

    private static string Stringify(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
