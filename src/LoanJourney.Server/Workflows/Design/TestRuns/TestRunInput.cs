using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// A scenario's start input, from the sample: every string property named <c>mobile</c> or <c>phone</c> (at any depth) gets the
/// scenario's digits as its last four, every <c>appId</c> / <c>app_id</c> gets a per-run tag and the digits as its end (the
/// sandbox picks the scenario by the last four), and every <c>customerId</c>, <c>customerRefId</c> and <c>verifiedCustomerRefId</c>
/// gets the per-run tag as a suffix, so that runs never meet the sandbox state of an earlier run or of a real journey (a FinBox
/// user, a Capital Float block, the partner's decision for a customer: a real journey's token share would otherwise be taken as a
/// re-send of a test run's).
/// </summary>
internal static class TestRunInput
{
    /// <summary>What precedes the run's tag at the end of a tagged customer id.</summary>
    public const string CustomerTagPrefix = "-TR";

    public static JsonObject For(JsonObject sample, string scenario, string tag)
    {
        var input = (JsonObject)sample.DeepClone();
        Apply(input, scenario, tag);
        return input;
    }

    private static void Apply(JsonNode? node, string scenario, string tag)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        obj[name] = name switch
                        {
                            "mobile" or "phone" when text.Length >= 4 => text[..^4] + scenario,
                            "appId" or "app_id" when text.Length >= 4 => text[..^4] + tag.ToUpperInvariant() + scenario,
                            "customerId" or "customerRefId" or "verifiedCustomerRefId" => text + CustomerTagPrefix + tag,
                            _ => text,
                        };
                    }
                    else
                    {
                        Apply(value, scenario, tag);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Apply(item, scenario, tag);
                }

                break;
        }
    }
}
