using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The request's <c>signals</c> (docs/api.md, "Test-run a draft"): per signal name, the payload a test run sends whenever a
/// scenario's journey waits for that signal, or null for "never send it" (the journey waits or times out).
/// </summary>
internal sealed partial class TestRunSignals
{
    /// <summary>At most this many sends of one signal per scenario, so a journey that waits again forever still ends.</summary>
    public const int MaxSendsPerSignal = 10;

    private const string NameRule = "letters, digits, '.', '_' or '-', 1 to 100 characters, starting with a letter or digit";

    private readonly Dictionary<string, JsonObject?> _payloads;

    private TestRunSignals(Dictionary<string, JsonObject?> payloads) => _payloads = payloads;

    /// <summary>No signal named: the defaults (the borrower's OTP from the sandbox) only.</summary>
    public static TestRunSignals None { get; } = new([]);

    /// <summary>Whether the request names <paramref name="name"/>; <paramref name="payload"/> is null when it says "do not send".</summary>
    public bool TryGet(string name, out JsonObject? payload) => _payloads.TryGetValue(name, out payload);

    /// <summary>Reads <c>signals</c>: an object whose property names are signal names and whose values are objects or null.</summary>
    public static (TestRunSignals Signals, ProblemHttpResult? Problem) Read(JsonNode? node)
    {
        if (node is null)
        {
            return (None, null);
        }

        if (node is not JsonObject signals)
        {
            return (None, Problem.Invalid("signals",
                "Must be a JSON object: { \"<signal name>\": <payload object> | null }, e.g. {\"otp\": {\"otp\": \"000000\"}} or {\"otp\": null}."));
        }

        var payloads = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        foreach (var (name, value) in signals)
        {
            if (!SignalName().IsMatch(name))
            {
                return (None, Problem.Invalid($"signals.{name}", $"Not a signal name: {NameRule}."));
            }

            if (value is not (null or JsonObject))
            {
                return (None, Problem.Invalid($"signals.{name}",
                    "Must be a JSON object (the payload sent each time a journey waits for this signal) or null (never send it)."));
            }

            payloads[name] = (JsonObject?)value?.DeepClone();
        }

        return (new TestRunSignals(payloads), null);
    }

    // The names the signal route (POST /api/instances/{id}/signals/{name}) takes as one path segment without escaping.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex SignalName();
}
