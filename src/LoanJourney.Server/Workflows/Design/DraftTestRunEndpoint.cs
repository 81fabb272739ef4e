using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Http;
using LoanJourney.Server.Problems;
using LoanJourney.Server.Workflows.Design.TestRuns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows.Design;

/// <summary><c>POST /api/workflows/{id}/draft/test-runs</c> (docs/api.md, "Test-run a draft").</summary>
internal static class DraftTestRunEndpoint
{
    private static readonly JsonDocumentOptions SampleJson = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static async Task<Results<Ok<TestRunView>, ProblemHttpResult>> RunAsync(
        string id, HttpRequest request, IWorkflowStore store, DefinitionDesigner designer, EngineInitializer initializer, EngineOptions engineOptions,
        BodyLimits limits, SandboxMount sandbox, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (WorkflowDesignApi.BadId(id) is { } bad)
        {
            return bad;
        }

        if (!sandbox.Enabled)
        {
            return Problem.Create(StatusCodes.Status409Conflict, "Sandbox not enabled",
                "A test run calls the embedded lender sandbox only, never a real lender, and this server runs without it (Sandbox:Enabled is false), " +
                "as every node of a several-node setup does. Test-run the draft on a single server that has it (Development: dotnet run); " +
                "saving and publishing work here as anywhere.",
                "sandbox_disabled");
        }

        // The input may carry base64 bank statements, as a start does.
        var body = await JsonBody.ReadAsync(request, limits.Start, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (scenarios, input, signals, invalid) = ReadRequest(body.Node as JsonObject);
        if (invalid is not null)
        {
            return invalid;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        if (await store.GetDraftAsync(id, cancellationToken) is not { } draft)
        {
            return await WorkflowDesignApi.ExistsAsync(store, id, cancellationToken)
                ? Problem.NotFound($"Workflow '{id}' has no draft to test-run; save one with PUT /api/workflows/{id}/draft.", "no_draft")
                : WorkflowDesignApi.UnknownWorkflow(id);
        }

        var definition = JsonNode.Parse(draft.Json) as JsonObject ?? [];
        var check = await designer.CheckAsync(id, definition, cancellationToken);
        if (!check.Valid)
        {
            return WorkflowDesignApi.InvalidDraft(id, check.Errors, "test-running it");
        }

        // What a scenario delivers must arrive at one of the draft's own waits: said before anything runs.
        if (scenarios is not null && TestRunDeliveries.Check(scenarios, check.Workflow!.Definition) is { } badDelivery)
        {
            return badDelivery;
        }

        if (input is null)
        {
            // The sample saved in the designer first (checked against this draft: one that no longer fits is named, not run),
            // then workflows/samples/{id}.json, as GET /api/workflows/{id}/sample?for=draft serves them.
            if (await store.GetSampleAsync(id, cancellationToken) is { } stored)
            {
                input = JsonNode.Parse(stored.Json) as JsonObject ?? [];
                if (SampleTargets.Errors(check.Workflow!, input) is { Count: > 0 } outdated)
                {
                    return SamplesApi.Outdated(id, "the draft", outdated);
                }
            }
            else
            {
                input = await ReadSampleAsync(engineOptions, id, cancellationToken);
            }

            if (input is null)
            {
                return Problem.Create(StatusCodes.Status422UnprocessableEntity, "No sample input",
                    $"There is no sample start input for '{id}' (none saved in the designer, no workflows/samples/{id}.json); send one as \"input\".", "no_sample",
                    new Dictionary<string, string[]> { ["input"] = [$"Required: '{id}' has no sample (save one in the designer's Sample input)."] });
            }
        }

        var runner = services.GetRequiredService<DraftTestRunner>();
        if (runner.SandboxBaseUrl() is not { } sandboxUrl)
        {
            return Problem.Create(StatusCodes.Status409Conflict, "Sandbox not reachable",
                "This server does not listen on a known HTTP address, so the test run's lender clients cannot reach its sandbox.", "sandbox_unreachable");
        }

        scenarios ??= TestRunScenarios.ApplyingTo(TestRunScenarios.ActivitiesOf(definition)).Select(TestRunScenarioRequest.Plain).ToList();
        if (scenarios.Count > DraftTestRunner.MaxScenarios)
        {
            scenarios = scenarios.Take(DraftTestRunner.MaxScenarios).ToList();
        }

        // The draft as parsed and checked above: a test run parses it once.
        var outcome = await runner.RunAsync(id, draft, definition, scenarios, input, signals, sandboxUrl, cancellationToken);
        return outcome.Run is { } run ? TypedResults.Ok(run) : NotRunnable(id, outcome.Unrunnable);
    }

    // The server checks the draft with every activity it registers; the run's own engine registers the journey activities only
    // (AddJourneyActivities), so a draft naming another one (a host's own) is valid and yet cannot run there.
    private static ProblemHttpResult NotRunnable(string id, IReadOnlyList<DefinitionError> definitionErrors)
    {
        var errors = WorkflowDesignApi.Errors(definitionErrors);
        return Problem.Create(StatusCodes.Status422UnprocessableEntity, "Not runnable in a test run",
            $"The draft of '{id}' is valid on this server, but a test run's engine cannot run it: {string.Join("; ", errors.Select(e => $"{WorkflowDesignApi.ErrorPath(e)}: {e.Message}"))}",
            "test_run_unsupported",
            errors.GroupBy(WorkflowDesignApi.ErrorPath).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            new Dictionary<string, object?> { ["validation"] = errors });
    }

    private static (IReadOnlyList<TestRunScenarioRequest>? Scenarios, JsonObject? Input, TestRunSignals Signals, ProblemHttpResult? Problem) ReadRequest(JsonObject? body)
    {
        if (body is null)
        {
            return (null, null, TestRunSignals.None, null);
        }

        if (!JsonFields.TryOnly(body, "a test run", out var unknown, "scenarios", "input", "signals"))
        {
            return Invalid(unknown);
        }

        JsonObject? input = null;
        if (body["input"] is { } inputNode)
        {
            if (inputNode is not JsonObject obj)
            {
                return Invalid(Problem.Invalid("input", "Must be a JSON object: the start input the scenarios' digits are applied to."));
            }

            input = obj;
        }

        var (signals, badSignals) = TestRunSignals.Read(body["signals"]);
        if (badSignals is not null)
        {
            return Invalid(badSignals);
        }

        if (body["scenarios"] is null)
        {
            return (null, input, signals, null);
        }

        const string Rule = "a list of 1 to 20 distinct four-digit strings (the last four digits of the mobile or app_id, docs/sandbox.md)";
        if (body["scenarios"] is not JsonArray array || array.Count is 0 or > DraftTestRunner.MaxScenarios)
        {
            return Invalid(Problem.Invalid("scenarios", $"Must be {Rule}."));
        }

        // Each is the four digits, or { "scenario": "<digits>", "deliver": [...] } to say what arrives at the draft's own waits.
        var scenarios = new List<TestRunScenarioRequest>();
        for (var i = 0; i < array.Count; i++)
        {
            var field = $"scenarios[{i}]";
            IReadOnlyList<TestRunDelivery> deliver = [];
            var keyNode = array[i];
            if (array[i] is JsonObject entry)
            {
                if (!JsonFields.TryOnly(entry, "a scenario", field, out var unknownField, "scenario", "deliver"))
                {
                    return Invalid(unknownField);
                }

                (deliver, var badDeliver) = TestRunDeliveries.Read(entry["deliver"], field + ".deliver");
                if (badDeliver is not null)
                {
                    return Invalid(badDeliver);
                }

                keyNode = entry["scenario"];
                field += ".scenario";
            }

            if (keyNode is not JsonValue v || !v.TryGetValue<string>(out var key) || key.Length != 4 || !key.All(char.IsAsciiDigit)
                || scenarios.Any(s => s.Key == key))
            {
                return Invalid(Problem.Invalid(field, $"Must be {Rule}; a scenario may be an object {{ \"scenario\": \"9999\", \"deliver\": [{{ \"step\": \"<wait step>\", \"payload\": {{ … }} }}] }}."));
            }

            scenarios.Add(new TestRunScenarioRequest(key, deliver));
        }

        return (scenarios, input, signals, null);

        static (IReadOnlyList<TestRunScenarioRequest>?, JsonObject?, TestRunSignals, ProblemHttpResult?) Invalid(ProblemHttpResult problem) => (null, null, TestRunSignals.None, problem);
    }

    private static async Task<JsonObject?> ReadSampleAsync(EngineOptions options, string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.DefinitionsDirectory))
        {
            return null;
        }

        var path = Path.Combine(options.DefinitionsDirectory, "samples", id + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken), documentOptions: SampleJson) as JsonObject;
    }
}
