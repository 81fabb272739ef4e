using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>Issue 13 over real HTTP: author, validate, publish, export/import and history of definitions.</summary>
public sealed class WorkflowDesignTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private readonly HttpClient _api = server.CreateApiClient();

    private static string NewId() => "design-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonObject> CreateAsync(JsonObject definition)
    {
        var response = await _api.PostAsync("/api/workflows", Api.Json(definition.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private async Task<JsonObject> SaveAsync(string id, JsonObject definition)
    {
        var response = await _api.PutAsync($"/api/workflows/{id}/draft", Api.Json(definition.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private async Task<JsonObject> PublishAsync(string id, long revision)
    {
        var response = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "test publish" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private async Task<(string Id, int Version)> StartAsync(string workflowId)
    {
        var response = await _api.PostAsync($"/api/workflows/{workflowId}/instances", Api.Json(new { customerId = "CUST-1" }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadObjectAsync();
        return (body["id"]!.GetValue<string>(), body["version"]!.GetValue<int>());
    }

    private static long Revision(JsonObject saved) => saved["revision"]!.GetValue<long>();

    [Fact]
    public async Task DraftTestRun_WithoutTheSandbox_IsRefused_AndRunsNothing()
    {
        var id = NewId();
        await CreateAsync(Definitions.Waiting(id, "V1"));
        var refused = await (await _api.PostAsync($"/api/workflows/{id}/draft/test-runs", Api.Json("{}"))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("sandbox_disabled", refused["code"]!.GetValue<string>());
        // Walk of session 38 (two nodes, no embedded sandbox on either): what to do instead, not only what is missing.
        Assert.Contains("Test-run the draft on a single server that has it", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var instances = await (await _api.GetAsync($"/api/instances?workflowId={id}")).ReadObjectAsync();
        Assert.Equal(0, instances["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task ADraftThatEndsWithAnOutcomeBoundToTheInput_IsSavedInvalid_NamingTheStepAndField_AndIsNotPublished()
    {
        // The outcome is a metrics tag, a list filter and a funnel column: "$input.…" would carry borrower data into them.
        var id = NewId();
        var created = await CreateAsync(Definitions.Waiting(id, "$input.customerId"));

        Assert.False(created["valid"]!.GetValue<bool>());
        var error = Assert.Single(created["errors"]!.AsArray())!;
        Assert.Equal(("end", "inputs.outcome", "InvalidInput"),
            (error["stepId"]!.GetValue<string>(), error["field"]!.GetValue<string>(), error["code"]!.GetValue<string>()));
        var refused = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = Revision(created), reason = "test publish" }));
        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ADraftBindingAnOutputItsStepDoesNotHave_IsSavedInvalid_ValidatedAndRefusedAtPublish_NamingTheStepAndField()
    {
        // Walk 42: "$steps.disburse.output.loanAcountNumber" (a typo) was Valid, published and read null at run time.
        var id = NewId();
        var definition = Definitions.Waiting(id, "Done");
        definition["variables"] = new JsonObject { ["note"] = null };
        definition["steps"]![0]!["next"]!["Received"] = "keep";
        definition["steps"]!.AsArray().Insert(1, Definitions.Parse(
            """{ "id": "keep", "activity": "Core.SetVariable", "inputs": { "name": "note", "value": "$steps.review.output.paylod" }, "next": { "Done": "end" } }"""));
        const string Message = "$steps.review.output.paylod: activity 'Core.WaitForSignal' has no output 'paylod'; its outputs are payload, received. Did you mean 'payload'?";

        var created = await CreateAsync(definition);
        var validation = await (await _api.PostAsync($"/api/workflows/{id}/validate", Api.Json(definition.ToJsonString()))).ReadObjectAsync();
        var refused = await (await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = Revision(created), reason = "test publish" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        foreach (var answer in new[] { created, validation })
        {
            Assert.False(answer["valid"]!.GetValue<bool>());
            var error = Assert.Single(answer["errors"]!.AsArray())!;
            Assert.Equal(("keep", "inputs.value", "BadBinding", Message),
                (error["stepId"]!.GetValue<string>(), error["field"]!.GetValue<string>(), error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
        }

        Assert.Equal([Message], refused["errors"]!["steps.keep.inputs.value"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/workflows/{id}/export?version=1")).StatusCode);
    }

    [Fact]
    public async Task InvalidDraftIsSavedButNotPublished_TheFixedOneIsLiveForNewStarts_WhileEarlierJourneysFinishOnTheirs()
    {
        var id = NewId();
        var created = await CreateAsync(Definitions.Waiting(id, "V1"));
        Assert.True(created["valid"]!.GetValue<bool>());
        Assert.Equal(1, (await PublishAsync(id, Revision(created)))["version"]!.GetValue<int>());
        var (first, firstVersion) = await StartAsync(id);
        Assert.Equal(1, firstVersion);
        await _api.WaitForStatusAsync(first, "Waiting");

        var broken = await SaveAsync(id, Definitions.Broken(id));
        Assert.False(broken["valid"]!.GetValue<bool>());
        var refused = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = Revision(broken), reason = "test publish" }));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem["validation"]!.AsArray().Select(e => (e!["stepId"]?.GetValue<string>(), e["field"]?.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
        Assert.Contains(("mystery", "activity", "UnknownActivity"), errors);
        Assert.Contains(("review", "next.Timeout", "UnknownStep"), errors);
        Assert.Contains(errors, e => e.Item1 is "loopA" or "loopB" && e.Item3 == "CycleWithoutWait");
        Assert.Contains(("early", "inputs.value", "BadBinding"), errors);
        Assert.Contains(("noOutcome", "inputs.outcome", "MissingRequiredInput"), errors);
        Assert.Contains(("late", "inputs.signal", "InvalidInput"), errors);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("steps.mystery.activity"));
        Assert.Equal(1, (await StartAsync(id)).Version);

        var fixedDraft = await SaveAsync(id, Definitions.Waiting(id, "V2"));
        Assert.True(fixedDraft["valid"]!.GetValue<bool>());
        Assert.Equal(Revision(broken) + 1, Revision(fixedDraft));
        var asked = await _api.GetAsync($"/api/workflows/{id}/draft?ifExists=true");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal(Revision(fixedDraft), Revision(await asked.ReadObjectAsync()));
        Assert.Equal(2, (await PublishAsync(id, Revision(fixedDraft)))["version"]!.GetValue<int>());
        await (await _api.GetAsync($"/api/workflows/{id}/draft")).AssertProblemAsync(HttpStatusCode.NotFound);
        var none = await _api.GetAsync($"/api/workflows/{id}/draft?ifExists=true");
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.Empty(await none.Content.ReadAsByteArrayAsync());
        await (await _api.GetAsync("/api/workflows/no-such-workflow/draft?ifExists=true")).AssertProblemAsync(HttpStatusCode.NotFound, "id");
        await (await _api.GetAsync($"/api/workflows/{id}/draft?ifExists=false")).AssertProblemAsync(HttpStatusCode.NotFound);

        var (second, secondVersion) = await StartAsync(id);
        Assert.Equal(2, secondVersion);
        var pinned = await (await _api.PostAsync($"/api/workflows/{id}/instances?version=1", Api.Json(new { customerId = "C" }))).ReadObjectAsync();
        Assert.Equal(1, pinned["version"]!.GetValue<int>());
        foreach (var instance in new[] { first, second })
        {
            await _api.WaitForStatusAsync(instance, "Waiting");
            Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"/api/instances/{instance}/signals/go", Api.Json("{}"))).StatusCode);
        }

        Assert.Equal("V1", (await _api.WaitForStatusAsync(first, "Completed"))["outcome"]!.GetValue<string>());
        Assert.Equal("V2", (await _api.WaitForStatusAsync(second, "Completed"))["outcome"]!.GetValue<string>());
    }

    // Two input fields of one name validated and published; every start of that version was then a 500.
    [Fact]
    public async Task DuplicateInputFieldsAreAValidationError_AndAreNotPublished()
    {
        var id = NewId();
        var definition = Definitions.Waiting(id, "V1");
        definition["input"] = JsonNode.Parse("""[{ "name": "kind", "type": "String", "required": true }, { "name": "kind", "type": "Number" }]""");
        var created = await CreateAsync(definition);
        Assert.False(created["valid"]!.GetValue<bool>());
        var validation = await (await _api.PostAsync($"/api/workflows/{id}/validate", Api.Json(definition.ToJsonString()))).ReadObjectAsync();
        Assert.False(validation["valid"]!.GetValue<bool>());
        var error = Assert.Single(validation["errors"]!.AsArray())!;
        Assert.Equal(("DuplicateInput", "input[1].name"), (error["code"]!.GetValue<string>(), error["field"]!.GetValue<string>()));

        var refused = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = Revision(created), reason = "test publish" }));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "input[1].name");
        Assert.Equal("DuplicateInput", Assert.Single(problem["validation"]!.AsArray())!["code"]!.GetValue<string>());
        await (await _api.PostAsync($"/api/workflows/{id}/instances", Api.Json(new { kind = "Big" }))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PublishWithAStaleRevisionIsAConflict_AndPublishesNothing()
    {
        var id = NewId();
        var created = await CreateAsync(Definitions.Waiting(id, "V1"));
        var saved = await SaveAsync(id, Definitions.Waiting(id, "V1b"));

        var stale = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = Revision(created), reason = "test publish" }));

        var problem = await stale.AssertProblemAsync(HttpStatusCode.Conflict, "expectedRevision");
        Assert.Equal(Revision(saved), problem["currentRevision"]!.GetValue<long>());
        await (await _api.GetAsync($"/api/workflows/{id}/export")).AssertProblemAsync(HttpStatusCode.NotFound);
        var staleSave = await _api.PutAsync($"/api/workflows/{id}/draft?expectedRevision={Revision(created)}", Api.Json(Definitions.Waiting(id, "X").ToJsonString()));
        await staleSave.AssertProblemAsync(HttpStatusCode.Conflict, "expectedRevision");
    }

    // Walk of session 38 (two nodes): two designers open the latest version, v1, with no draft. One saves and publishes v2;
    // the other then saved with expectedRevision=0 ("there was no draft", true again once the publish took the draft) and
    // published v3 = v1 + their change, silently undoing v2's. A save that names the version it began on is refused.
    [Fact]
    public async Task ASaveBegunOnAnOlderVersionThanTheLatest_IsAConflictNamingExpectedVersion_AndSavesNothing()
    {
        var id = NewId();
        await PublishAsync(id, Revision(await CreateAsync(Definitions.Waiting(id, "V1"))));
        await PublishAsync(id, Revision(await SaveAsync(id, Definitions.Waiting(id, "Theirs"))));

        var stale = await _api.PutAsync($"/api/workflows/{id}/draft?expectedRevision=0&expectedVersion=1", Api.Json(Definitions.Waiting(id, "Mine").ToJsonString()));

        var problem = await stale.AssertProblemAsync(HttpStatusCode.Conflict, "expectedVersion");
        Assert.Equal("stale_version", problem["code"]!.GetValue<string>());
        Assert.Equal(2, problem["currentVersion"]!.GetValue<int>());
        await (await _api.GetAsync($"/api/workflows/{id}/draft")).AssertProblemAsync(HttpStatusCode.NotFound);

        var current = await _api.PutAsync($"/api/workflows/{id}/draft?expectedRevision=0&expectedVersion=2", Api.Json(Definitions.Waiting(id, "Mine").ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        var malformed = await _api.PutAsync($"/api/workflows/{id}/draft?expectedVersion=two", Api.Json(Definitions.Waiting(id, "Mine").ToJsonString()));
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest, "expectedVersion");
    }

    [Fact]
    public async Task ExportImportPublishRoundTripKeepsTheContentHash()
    {
        var id = NewId();
        var created = await CreateAsync(Definitions.Waiting(id, "V1"));
        var published = await PublishAsync(id, Revision(created));

        var file = await _api.GetStringAsync($"/api/workflows/{id}/export?version=1");
        var imported = await _api.PostAsync("/api/workflows/import", Api.Json(file));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var again = await PublishAsync(id, Revision(await imported.ReadObjectAsync()));

        Assert.Equal(published["contentHash"]!.GetValue<string>(), again["contentHash"]!.GetValue<string>());
        Assert.Equal((1, true), (again["version"]!.GetValue<int>(), again["unchanged"]!.GetValue<bool>()));
        Assert.Equal(1, JsonNode.Parse(file)!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task ValidateHasNoSideEffects_AndHistoryRecordsWhoDidWhat()
    {
        var id = NewId();
        var created = await CreateAsync(Definitions.Waiting(id, "V1"));
        var changed = Definitions.Waiting(id, "V1");
        changed["steps"]!.AsArray().Insert(1, Definitions.Parse("""{ "id": "pause", "activity": "Core.Delay", "inputs": { "duration": "PT1S" }, "next": { "Done": "end" } }"""));
        changed["steps"]![0]!["next"]!["Received"] = "pause";

        var validation = await (await _api.PostAsync($"/api/workflows/{id}/validate", Api.Json(Definitions.Broken(id).ToJsonString()))).ReadObjectAsync();
        Assert.False(validation["valid"]!.GetValue<bool>());
        Assert.NotEmpty(validation["errors"]!.AsArray());
        var saved = await SaveAsync(id, changed);
        await PublishAsync(id, Revision(saved));
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync("/api/workflows/import", Api.Json(Definitions.Waiting(id, "V3").ToJsonString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/workflows/{id}/draft")).StatusCode);

        var history = (await (await _api.GetAsync($"/api/workflows/{id}/history")).ReadObjectAsync())["items"]!.AsArray();

        Assert.Equal(["create", "save", "publish", "import", "delete"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal("api-key-1", h!["author"]!.GetValue<string>()));
        Assert.Equal(Revision(created), history[0]!["revision"]!.GetValue<long>());
        Assert.Equal(["end", "review"], history[0]!["changes"]!["added"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        Assert.Equal(["pause"], history[1]!["changes"]!["added"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["review"], history[1]!["changes"]!["changed"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(1, history[2]!["version"]!.GetValue<int>());
        Assert.Equal(["pause"], history[3]!["changes"]!["removed"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    // Session 42: a draft holding "variables": {} (what the Studio's new workflow holds) against a version without the field
    // was a change of the definition ("title/inputs/variables/start" in the history, "variables" in the publish dialog),
    // though neither declares a variable. Absent and empty are the same; a real variable is still a change.
    [Fact]
    public async Task History_AnEmptyVariablesOrInputAgainstAnAbsentOne_IsNoChangeOfTheDefinition()
    {
        var id = NewId();
        var bare = Definitions.Waiting(id, "Approved");
        bare.Remove("input");
        var created = await CreateAsync(bare);
        await PublishAsync(id, Revision(created));
        var empty = Definitions.Waiting(id, "Approved");
        empty["input"] = new JsonArray();
        empty["variables"] = new JsonObject();
        var saved = await SaveAsync(id, empty);
        var declared = Definitions.Waiting(id, "Approved");
        declared["variables"] = new JsonObject { ["seen"] = false };
        await SaveAsync(id, declared);

        var history = (await (await _api.GetAsync($"/api/workflows/{id}/history")).ReadObjectAsync())["items"]!.AsArray();

        Assert.Equal(["create", "publish", "save", "save"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal(Revision(saved), history[2]!["revision"]!.GetValue<long>());
        Assert.False(history[2]!["changes"]!["definitionChanged"]!.GetValue<bool>(), history[2]!.ToJsonString());
        Assert.False(history[2]!["changes"]!["layoutChanged"]!.GetValue<bool>(), history[2]!.ToJsonString());
        Assert.True(history[3]!["changes"]!["definitionChanged"]!.GetValue<bool>(), history[3]!.ToJsonString());
    }

    [Fact]
    public async Task CreatingAnExistingWorkflowIsAConflict() =>
        await (await _api.PostAsync("/api/workflows", Api.Json(Definitions.Waiting("test-review", "X").ToJsonString()))).AssertProblemAsync(HttpStatusCode.Conflict, "id");

    [Fact]
    public async Task BadInputIsAProblemNamingTheField_AndSavesNothing()
    {
        var id = NewId();
        var created = await CreateAsync(Definitions.Waiting(id, "V1"));

        await (await _api.PutAsync($"/api/workflows/{id}/draft", Api.Json("{\"id\": "))).AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await _api.PutAsync($"/api/workflows/{id}/draft", Api.Json("[1]"))).AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        var big = Definitions.Waiting(id, new string('x', 5000));
        await (await _api.PutAsync($"/api/workflows/{id}/draft", Api.Json(big.ToJsonString()))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await _api.PutAsync($"/api/workflows/{id}/draft", Api.Json(Definitions.Waiting("other", "V").ToJsonString()))).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await _api.PutAsync($"/api/workflows/{id}/draft?expectedRevision=abc", Api.Json(Definitions.Waiting(id, "V").ToJsonString()))).AssertProblemAsync(HttpStatusCode.BadRequest, "expectedRevision");
        await (await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json("{}"))).AssertProblemAsync(HttpStatusCode.BadRequest, "expectedRevision");
        await (await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json("{\"expectedRevision\": \"1\"}"))).AssertProblemAsync(HttpStatusCode.BadRequest, "expectedRevision");
        await (await _api.PutAsync("/api/workflows/no-such-workflow/draft", Api.Json(Definitions.Waiting("no-such-workflow", "V").ToJsonString()))).AssertProblemAsync(HttpStatusCode.NotFound, "id");
        await (await _api.PostAsync("/api/workflows/no-such-workflow/publish", Api.Json(new { expectedRevision = 1, reason = "test publish" }))).AssertProblemAsync(HttpStatusCode.NotFound, "id");
        await (await _api.GetAsync("/api/workflows/no-such-workflow/history")).AssertProblemAsync(HttpStatusCode.NotFound, "id");
        await (await _api.GetAsync($"/api/workflows/{id}/export?version=7")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PutAsync("/api/workflows/bad%20id!/draft", Api.Json(Definitions.Waiting("x", "V").ToJsonString()))).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await _api.PostAsync("/api/workflows", Api.Json(Definitions.Waiting("../etc", "V").ToJsonString()))).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await _api.PostAsync("/api/workflows/import", Api.Json("{\"version\": 1}"))).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        var notJson = new StringContent(Definitions.Waiting(id, "V").ToJsonString(), System.Text.Encoding.UTF8, "text/plain");
        await (await _api.PutAsync($"/api/workflows/{id}/draft", notJson)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var draft = await (await _api.GetAsync($"/api/workflows/{id}/draft")).ReadObjectAsync();
        Assert.Equal(Revision(created), Revision(draft));
        var history = (await (await _api.GetAsync($"/api/workflows/{id}/history")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Single(history);
        await (await _api.GetAsync("/api/workflows/bad%20id!/history")).AssertProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task ADefinitionThatIsNotTheDefinitionShapeIsSavedAsADraftWithAnErrorNamingTheField()
    {
        var id = NewId();
        await CreateAsync(Definitions.Waiting(id, "V1"));
        var wrong = Definitions.Waiting(id, "V1");
        wrong["steps"] = "not a list";

        var saved = await SaveAsync(id, wrong);

        Assert.False(saved["valid"]!.GetValue<bool>());
        var error = Assert.Single(saved["errors"]!.AsArray());
        Assert.Equal(("steps", "CorruptFile"), (error!["field"]!.GetValue<string>(), error["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryDesignEndpoint()
    {
        var paths = JsonNode.Parse(await _api.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();

        foreach (var (path, method) in new[]
        {
            ("/api/workflows", "post"), ("/api/workflows/import", "post"), ("/api/workflows/{id}/draft", "get"), ("/api/workflows/{id}/draft", "put"),
            ("/api/workflows/{id}/draft", "delete"), ("/api/workflows/{id}/validate", "post"), ("/api/workflows/{id}/publish", "post"),
            ("/api/workflows/{id}/export", "get"), ("/api/workflows/{id}/history", "get"),
        })
        {
            Assert.True(paths[path]?[method] is not null, $"{method} {path} is not in the OpenAPI document");
        }

        Assert.NotNull(paths["/api/workflows/{id}/publish"]!["post"]!["requestBody"]);
    }
}
