using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>
/// The fields a <c>Core.WaitForSignal</c> step declares for its signal's payload (its <c>fields</c> input, written in the
/// definition): <c>[{ "name": "otp", "type": "String", "required": true, "pattern": "[0-9]{6}", "sensitive": true }]</c>.
/// The compiler checks the declaration (<see cref="Parse"/> reports each mistake with its path); the engine checks a signal's
/// payload against it before accepting the signal (<see cref="SignalPayload"/>). A step without <c>fields</c> takes any payload.
/// </summary>
public static class SignalFieldDeclarations
{
    /// <summary>The input that holds the declaration.</summary>
    public const string InputName = "fields";

    private static readonly string[] Properties = ["name", "type", "required", "pattern", "minLength", "maxLength", "sensitive", "description"];

    private static readonly string[] TextOnly = ["pattern", "minLength", "maxLength"];

    private static readonly ActivityValueType[] PayloadTypes =
        [ActivityValueType.String, ActivityValueType.Number, ActivityValueType.Integer, ActivityValueType.Boolean, ActivityValueType.Object, ActivityValueType.Array, ActivityValueType.Any];

    // The patterns signals are checked against (of the definitions journeys wait in): few, each compiled once per process.
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// The declared fields of <paramref name="fields"/> (a JSON array), each with <see cref="ActivitySignalFieldDescriptor.Signal"/>
    /// empty (the step's signal, whatever it is named). Every mistake goes to <paramref name="report"/> with its path below the
    /// input (<c>[1].pattern</c>) and the field is left out.
    /// </summary>
    public static IReadOnlyList<ActivitySignalFieldDescriptor> Parse(JsonNode? fields, Action<string, string> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (fields is not JsonArray array)
        {
            return [];
        }

        var result = new List<ActivitySignalFieldDescriptor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"[{i}]";
            if (array[i] is not JsonObject field)
            {
                report(at, $"Field {i} must be an object such as {{\"name\": \"otp\", \"type\": \"String\", \"required\": true}}.");
                continue;
            }

            var ok = true;
            void Bad(string property, string message)
            {
                report($"{at}.{property}", message);
                ok = false;
            }

            foreach (var (property, _) in field)
            {
                if (!Properties.Contains(property, StringComparer.Ordinal))
                {
                    Bad(property, $"'{property}' is not a property of a signal field; they are {string.Join(", ", Properties)}.");
                }
            }

            var name = Text(field, "name", Bad);
            if (string.IsNullOrWhiteSpace(name))
            {
                if (field["name"] is null || name is not null)
                {
                    Bad("name", $"Field {i} has no name.");
                }
            }
            else if (!names.Add(name))
            {
                Bad("name", $"Field '{name}' is declared more than once.");
            }

            var type = ActivityValueType.String;
            if (Text(field, "type", Bad) is { } typeName
                && !(Enum.TryParse(typeName, ignoreCase: true, out type) && PayloadTypes.Contains(type) && !int.TryParse(typeName, out _)))
            {
                Bad("type", $"Type '{typeName}' is not a payload type; use one of {string.Join(", ", PayloadTypes)}.");
            }

            var required = Flag(field, "required", Bad);
            var sensitive = Flag(field, "sensitive", Bad);
            var description = Text(field, "description", Bad) ?? "";
            var min = Count(field, "minLength", Bad);
            var max = Count(field, "maxLength", Bad);
            var pattern = Text(field, "pattern", Bad);
            if (type != ActivityValueType.String)
            {
                foreach (var onlyText in TextOnly.Where(p => field[p] is not null))
                {
                    Bad(onlyText, $"'{onlyText}' applies to a String field only; '{name}' is {type}.");
                }
            }

            if (min is { } low && max is { } high && low > high)
            {
                Bad("minLength", $"minLength {low} is more than maxLength {high}.");
            }

            if (pattern is not null && Refusal(pattern) is { } why)
            {
                Bad("pattern", $"Pattern '{pattern}' is not a regular expression the engine can run: {why}");
            }

            if (ok)
            {
                result.Add(new ActivitySignalFieldDescriptor("", name!, type, required, description)
                {
                    Pattern = pattern,
                    MinLength = min,
                    MaxLength = max,
                    Sensitive = sensitive,
                });
            }
        }

        return result;
    }

    /// <summary>The names of the declared fields marked <c>sensitive</c> (read leniently: the compiler has checked the rest).</summary>
    public static IReadOnlyList<string> SensitiveNames(JsonNode? fields) =>
        fields is JsonArray array
            ? array.OfType<JsonObject>()
                .Where(f => f["sensitive"] is JsonValue s && s.GetValueKind() == JsonValueKind.True && f["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String)
                .Select(f => f["name"]!.GetValue<string>()).ToList()
            : [];

    /// <summary>Whether <paramref name="text"/> as a whole matches <paramref name="pattern"/> (a checked declaration's).</summary>
    public static bool Matches(string pattern, string text) =>
        Compiled.GetOrAdd(pattern, Build).IsMatch(text);

    // Without backtracking, matching is linear in the text whatever the pattern (no catastrophic backtracking, no time-out to
    // tune on a loaded machine); the price is no backreferences or lookarounds, which the compiler refuses by name.
    private static Regex Build(string pattern) =>
        new($"\\A(?:{pattern})\\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static string? Refusal(string pattern)
    {
        // Built, not cached: the designer validates each pattern as it is typed, and only patterns that signals are checked
        // against (Matches) belong in the process-wide cache.
        try
        {
            _ = Build(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        catch (NotSupportedException e)
        {
            return e.Message;
        }
    }

    private static string? Text(JsonObject field, string property, Action<string, string> bad)
    {
        if (field[property] is not { } value)
        {
            return null;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            bad(property, $"'{property}' must be text.");
            return null;
        }

        return value.GetValue<string>();
    }

    private static bool Flag(JsonObject field, string property, Action<string, string> bad)
    {
        if (field[property] is not { } value)
        {
            return false;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                bad(property, $"'{property}' must be true or false.");
                return false;
        }
    }

    private static int? Count(JsonObject field, string property, Action<string, string> bad)
    {
        if (field[property] is not { } value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<int>(out var count) && count >= 0)
        {
            return count;
        }

        bad(property, $"'{property}' must be a whole number, 0 or more.");
        return null;
    }
}
