using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Instances;

/// <summary>Fields shared by the bodies of alterations, migrations and bulk operations, each bad value answered naming it.</summary>
internal static class OperatorBody
{
    public const int MaxReasonLength = 500;

    /// <summary>A required <c>reason</c>: a non-blank string of at most 500 characters.</summary>
    public static bool TryReadRequiredReason(JsonNode? body, out string reason, out ProblemHttpResult invalid)
    {
        reason = "";
        invalid = null!;
        if (body?["reason"] is JsonValue value && value.TryGetValue<string>(out var text) && text.Trim() is { Length: > 0 and <= MaxReasonLength } trimmed)
        {
            reason = Masked(trimmed);
            return true;
        }

        invalid = Problem.Invalid("reason", $"Required: why, in 1 to {MaxReasonLength} characters (it goes into the journal and the audit trail).");
        return false;
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
        value = fallback;
        invalid = null!;
        if (body?[name] is not { } node)
        {
            return true;
        }

        if (node is JsonValue v && v.TryGetValue<bool>(out value))
        {
            return true;
        }

        invalid = Problem.Invalid(name, "Must be true or false.");
        return false;
    }

    /// <summary>A positive integer <c>name</c>; null when absent and not required.</summary>
    public static bool TryReadVersion(JsonNode? body, string name, bool required, out int? version, out ProblemHttpResult invalid)
    {
        version = null;
        invalid = null!;
        if (body?[name] is null && !required)
        {
            return true;
        }

        if (body?[name] is JsonValue v && v.TryGetValue<int>(out var n) && n >= 1)
        {
            version = n;
            return true;
        }

        invalid = Problem.Invalid(name, required ? "Required: a published version number (1 or more)." : "Must be a version number (1 or more).");
        return false;
    }

    /// <summary>An optional <c>stepMap</c>: an object of old step id → step id (strings).</summary>
    public static bool TryReadStepMap(JsonNode? body, out Dictionary<string, string> map, out ProblemHttpResult invalid)
    {
        map = new Dictionary<string, string>(StringComparer.Ordinal);
        invalid = null!;
        switch (body?["stepMap"])
        {
            case null:
                return true;
            case JsonObject o:
                foreach (var (from, to) in o)
                {
                    if (to is not JsonValue v || !v.TryGetValue<string>(out var target) || string.IsNullOrWhiteSpace(target))
                    {
                        invalid = Problem.Invalid($"stepMap.{from}", "Must be the id of a step of the target version (a string).");
                        return false;
                    }

                    map[from] = target;
                }

                return true;
            default:
                invalid = Problem.Invalid("stepMap", "Must be an object: { \"oldStepId\": \"newStepId\" }.");
                return false;
        }
    }
}
