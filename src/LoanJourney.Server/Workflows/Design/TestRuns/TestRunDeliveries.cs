using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Server.Http;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>What one scenario delivers to one of the draft's own waits (a <c>Core.WaitForWebhook</c> or <c>Core.WaitForSignal</c> step) when its journey waits there.</summary>
internal sealed record TestRunDelivery(string StepId, JsonObject Payload);

/// <summary>A scenario as the request names it: its four digits and what it delivers to the draft's own waits (none by default).</summary>
internal sealed record TestRunScenarioRequest(string Key, IReadOnlyList<TestRunDelivery> Deliver)
{
    public static TestRunScenarioRequest Plain(string key) => new(key, []);
}

/// <summary>
/// The request's per-scenario <c>deliver</c> (docs/api.md, "Test-run a draft"): <c>[{ "step": "&lt;wait step id&gt;", "payload": { … } }]</c>,
/// read with the scenario's shape and then checked against the draft: each step must be one of its <c>Core.WaitForWebhook</c> or
/// <c>Core.WaitForSignal</c> steps. The payloads are never logged or reported.
/// </summary>
internal static class TestRunDeliveries
{
    public const string WebhookWait = "Core.WaitForWebhook";
    public const string SignalWait = "Core.WaitForSignal";

    /// <summary>At most this many deliveries per scenario.</summary>
    public const int MaxPerScenario = 20;

    private const string Rule = "a list of { \"step\": \"<id of a Core.WaitForWebhook or Core.WaitForSignal step>\", \"payload\": { … } }";

    /// <summary>Reads a scenario object's <c>deliver</c> (the field is <paramref name="field"/>, e.g. <c>scenarios[1].deliver</c>).</summary>
    public static (IReadOnlyList<TestRunDelivery> Deliver, ProblemHttpResult? Problem) Read(JsonNode? node, string field)
    {
        if (node is null)
        {
            return ([], null);
        }

        if (node is not JsonArray array || array.Count > MaxPerScenario)
        {
            return ([], Problem.Invalid(field, $"Must be {Rule}, at most {MaxPerScenario}."));
        }

        var deliver = new List<TestRunDelivery>();
        for (var j = 0; j < array.Count; j++)
        {
            var at = $"{field}[{j}]";
            if (array[j] is not JsonObject entry)
            {
                return ([], Problem.Invalid(at, $"Must be {Rule}."));
            }

            if (!JsonFields.TryOnly(entry, "a delivery", at, out var unknown, "step", "payload"))
            {
                return ([], unknown);
            }

            if (entry["step"] is not JsonValue s || !s.TryGetValue<string>(out var step) || string.IsNullOrWhiteSpace(step))
            {
                return ([], Problem.Invalid(at + ".step", "Required: the id of the Core.WaitForWebhook or Core.WaitForSignal step the payload arrives at."));
            }

            if (deliver.Any(d => d.StepId == step))
            {
                return ([], Problem.Invalid(at + ".step", $"Step '{step}' is named twice; one payload per wait step (it is delivered at each of its waits)."));
            }

            if (entry["payload"] is not JsonObject payload)
            {
                return ([], Problem.Invalid(at + ".payload", "Must be a JSON object: the webhook's body or the signal's payload."));
            }

            deliver.Add(new TestRunDelivery(step, (JsonObject)payload.DeepClone()));
        }

        return (deliver, null);
    }

    /// <summary>The first delivery that names no wait step of the draft, as a 400 naming <c>scenarios[i].deliver[j].step</c>; null when all do.</summary>
    public static ProblemHttpResult? Check(IReadOnlyList<TestRunScenarioRequest> scenarios, WorkflowDefinition definition)
    {
        for (var i = 0; i < scenarios.Count; i++)
        {
            for (var j = 0; j < scenarios[i].Deliver.Count; j++)
            {
                var id = scenarios[i].Deliver[j].StepId;
                var field = $"scenarios[{i}].deliver[{j}].step";
                var step = definition.Steps.FirstOrDefault(s => s.Id == id);
                if (step is null)
                {
                    var waits = definition.Steps.Where(s => s.Activity is WebhookWait or SignalWait).Select(s => s.Id).ToList();
                    return Problem.Invalid(field, $"The draft has no step '{id}'; " + (waits.Count == 0
                        ? "it has no Core.WaitForWebhook or Core.WaitForSignal step to deliver to."
                        : $"its wait steps are {string.Join(", ", waits)}."));
                }

                if (step.Activity is not (WebhookWait or SignalWait))
                {
                    return Problem.Invalid(field,
                        $"Step '{id}' is a {step.Activity}, not a Core.WaitForWebhook or Core.WaitForSignal: only the draft's own waits are delivered to (a lender's webhooks come from the sandbox).");
                }
            }
        }

        return null;
    }
}
