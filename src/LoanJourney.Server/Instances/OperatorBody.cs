using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Http;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Instances;

/// <summary>Fields shared by the bodies of alterations, migrations and bulk operations, each bad value answered naming it.</summary>
internal static class OperatorBody
{
    public const int MaxReasonLength = 500;

    /// <summary>A required <c>reason</c>: a non-blank string of at most 500 characters, said to be kept in <paramref name="keptIn"/>.</summary>
    public static bool TryReadRequiredReason(JsonNode? body, out string reason, out ProblemHttpResult invalid, string keptIn = "the journal and the audit trail")
    {
        reason = "";
        if (!JsonFields.TryReadRequiredString(body, "reason", $"why, in 1 to {MaxReasonLength} characters (it goes into {keptIn}).", out var text, out invalid))
        {
            return false;
        }

        if (text.Trim() is not { Length: <= MaxReasonLength } trimmed)
        {
            invalid = Problem.Invalid("reason", $"At most {MaxReasonLength} characters (it goes into {keptIn}).");
            return false;
        }

        reason = Masked(trimmed);
        return true;
    }

    /// <summary>
    /// An operator's reason as it is kept: the personal data it may quote (a mobile number, a PAN, an Aadhaar number, an
    /// email address) masked as everywhere else (<see cref="Pii.ScrubText"/>), because the journal, the audit trail — kept
    /// after a journey's redaction — the Studio and the log all show it. The context stays ("borrower XXXXXX3210 withdrew").
    /// </summary>
    public static string Masked(string reason) => Pii.ScrubText(reason);

    /// <summary>An optional boolean <c>name</c> (default <paramref name="fallback"/>).</summary>
    public static bool TryReadBool(JsonNode? body, string name, bool fallback, out bool value, out ProblemHttpResult invalid)
    {
        var read = JsonFields.TryReadBoolean(body, name, out var given, out invalid);
        value = given ?? fallback;
        return read;
    }

    /// <summary>A positive integer <c>name</c>; null when absent and not required.</summary>
    public static bool TryReadVersion(JsonNode? body, string name, bool required, out int? version, out ProblemHttpResult invalid)
    {
        version = null;
        if (!JsonFields.TryReadInteger(body, name, required ? "a published version number (1 or more)." : null, out var number, out invalid))
        {
            return false;
        }

        if (number is not { } n)
        {
            return true;
        }

        if (n is < 1 or > int.MaxValue)
        {
            invalid = Problem.Invalid(name, "Must be a version number (1 or more).");
            return false;
        }

        version = (int)n;
        return true;
    }

    /// <summary>An optional <c>stepMap</c>: an object of old step id → step id (strings).</summary>
    public static bool TryReadStepMap(JsonNode? body, out Dictionary<string, string> map, out ProblemHttpResult invalid)
    {
        map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!JsonFields.TryReadObject(body, "stepMap", null, out var pairs, out invalid, hint: "An object: { \"oldStepId\": \"newStepId\" }."))
        {
            return false;
        }

        foreach (var (from, to) in pairs ?? [])
        {
            if (to is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { } target && !string.IsNullOrWhiteSpace(target))
            {
                map[from] = target;
                continue;
            }

            // Here a string is a blank one.
            invalid = Problem.Invalid($"stepMap.{from}", to is null || to.GetValueKind() == JsonValueKind.String
                ? "Required: the id of a step of the target version (a string)."
                : JsonFields.WrongType("a string", to));
            return false;
        }

        return true;
    }
}
