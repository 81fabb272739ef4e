using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.Server.Tests.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>Issue 14 over HTTP: migrate (dry run, apply, apply again), goto and variables alterations, bulk by filter with its cap.</summary>
public sealed class AlterationsApiTests : IDisposable
{
    private readonly ServerFactory _factory = new(new Dictionary<string, string?>(TestPrincipals.Settings()) { ["Server:Bulk:MaxInstances"] = "3", ["Server:Bulk:BatchSize"] = "2" });
    private readonly HttpClient _designer;
    private readonly HttpClient _operator;

    public AlterationsApiTests()
    {
        _designer = _factory.CreateClient(TestPrincipals.KeyOf("Designer"));
        _operator = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
    }

    public void Dispose() => _factory.Dispose();

    private static string NewId() => "alter-" + Guid.NewGuid().ToString("N")[..8];

    // v1: review (signal go) → end. v2: review renamed "decision", a step "note" added after it, a variable "note".
    private static JsonObject V1(string id) => (JsonObject)JsonNode.Parse($$"""
        {
          "id": "{{id}}", "title": "Alteration test",
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "variables": { "label": "none", "count": 0 },
          "start": "review",
          "steps": [
            { "id": "review", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "end", "Timeout": "other" } },
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } },
            { "id": "other", "activity": "Core.End", "inputs": { "outcome": "Other" } }
          ]
        }
        """)!;

    private static JsonObject V2(string id) => (JsonObject)JsonNode.Parse($$"""
        {
          "id": "{{id}}", "title": "Alteration test",
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "variables": { "label": "none", "count": 0, "note": null },
          "start": "decision",
          "steps": [
            { "id": "decision", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "note", "Timeout": "other" } },
            { "id": "note", "activity": "Core.SetVariable", "inputs": { "name": "note", "value": "added in v2" }, "next": { "Done": "end" } },
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } },
            { "id": "other", "activity": "Core.End", "inputs": { "outcome": "Other" } }
          ]
        }
        """)!;

    private async Task PublishAsync(string id, JsonObject definition, bool create)
    {
        var saved = create
            ? await _designer.PostAsync("/api/workflows", Api.Json(definition.ToJsonString()))
            : await _designer.PutAsync($"/api/workflows/{id}/draft", Api.Json(definition.ToJsonString()));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var revision = (await saved.ReadObjectAsync())["revision"]!.GetValue<long>();
        var published = await _designer.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "test publish" }));
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
    }

    private async Task<List<string>> StartWaitingAsync(string id, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var instance = await _operator.StartAsync(id, new { customerId = $"CUST-{i}" });
            await _operator.WaitForStatusAsync(instance, "Waiting");
            ids.Add(instance);
        }

        return ids;
    }

    private async Task<JsonArray> JournalAsync(string id) => (await (await _operator.GetAsync($"/api/instances/{id}/journal")).ReadObjectAsync())["items"]!.AsArray();

    [Fact]
    public async Task MigrateByFilter_DryRunListsWhoCanMoveAndWhy_ApplyMovesThem_AndAppliedAgainSkipsThem()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journeys = await StartWaitingAsync(id, 2);
        await PublishAsync(id, V2(id), create: false);

        var unmapped = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 2 }))).ReadObjectAsync();
        Assert.True(unmapped["dryRun"]!.GetValue<bool>());
        Assert.Equal(2, unmapped["matched"]!.GetValue<long>());
        Assert.All(unmapped["items"]!.AsArray(), i => Assert.Equal(("step_missing", false), (i!["code"]!.GetValue<string>(), i["canMigrate"]!.GetValue<bool>())));

        var body = new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap = new Dictionary<string, string> { ["review"] = "decision" } };
        var dry = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(body))).ReadObjectAsync();
        Assert.Equal(2, dry["canMigrate"]!.GetValue<int>());
        Assert.All(dry["items"]!.AsArray(), i => Assert.Equal("decision", i!["targetStepId"]!.GetValue<string>()));
        Assert.Equal(1, (await _operator.GetInstanceAsync(journeys[0]))["version"]!.GetValue<int>());

        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { body.workflowId, body.fromVersion, body.toVersion, body.stepMap, dryRun = false })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { body.workflowId, body.fromVersion, body.toVersion, stepMap = new { review = "ghost" }, dryRun = false, reason = "x" })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "stepMap.review");
        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { body.workflowId, body.fromVersion, toVersion = 9 })))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var applied = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { body.workflowId, body.fromVersion, body.toVersion, body.stepMap, dryRun = false, reason = "v2 renames review" }))).ReadObjectAsync();
        var again = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { body.workflowId, body.fromVersion, body.toVersion, body.stepMap, dryRun = false, reason = "again" }))).ReadObjectAsync();

        Assert.Equal(2, applied["migrated"]!.GetValue<int>());
        Assert.Equal(0, again["matched"]!.GetValue<long>());
        var moved = await _operator.GetInstanceAsync(journeys[0]);
        Assert.Equal((2, "decision"), (moved["version"]!.GetValue<int>(), moved["currentStep"]!.GetValue<string>()));
        var entry = (await JournalAsync(journeys[0])).Single(e => e!["kind"]!.GetValue<string>() == "Migrated")!;
        Assert.Equal(("oscar-operator", "v2 renames review"), (entry["data"]!["by"]!.GetValue<string>(), entry["data"]!["reason"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{journeys[0]}/signals/go", Api.Json(new { }))).StatusCode);
        var done = await _operator.WaitForStatusAsync(journeys[0], "Completed");
        Assert.Equal("added in v2", done["variables"]!["note"]!.GetValue<string>());
    }

    // Session 54: a canary. The journeys chosen by id move (a dry run first, by default, as by filter), the others of the version
    // stay; an unknown id or another workflow's journey refuses the request naming ids before anything moves; sent again, the
    // chosen ones answer already_on_version; the filter then moves the rest.
    [Fact]
    public async Task MigrateByIds_MovesOnlyTheJourneysChosen_RefusesUnknownOrForeignIds_NamingIds_AndTheFilterThenMovesTheRest()
    {
        var id = NewId();
        var other = NewId();
        await PublishAsync(id, V1(id), create: true);
        await PublishAsync(other, V1(other), create: true);
        var journeys = await StartWaitingAsync(id, 4);
        var foreign = (await StartWaitingAsync(other, 1))[0];
        await PublishAsync(id, V2(id), create: false);
        var stepMap = new Dictionary<string, string> { ["review"] = "decision" };
        string[] canary = [journeys[0], journeys[1]];

        async Task<JsonObject> MigrateAsync(object body, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var response = await _operator.PostAsync("/api/instances/migrate", Api.Json(body));
            Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
            return await response.ReadObjectAsync();
        }

        var unknown = await MigrateAsync(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, ids = new[] { journeys[0], "no-such-journey" }, dryRun = false, reason = "canary" },
            HttpStatusCode.BadRequest);
        Assert.Contains("'no-such-journey'", unknown["errors"]!["ids"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var notOurs = await MigrateAsync(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, ids = new[] { journeys[0], foreign }, dryRun = false, reason = "canary" },
            HttpStatusCode.BadRequest);
        Assert.Contains($"'{foreign}' ({other})", notOurs["errors"]!["ids"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 2, ids = canary, filter = new { status = "Waiting" } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 2, ids = Array.Empty<string>() })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 2, ids = Enumerable.Range(0, 501).Select(i => $"j{i}").ToArray() })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "ids");
        Assert.All(journeys, j => Assert.Equal(1, _operator.GetInstanceAsync(j).GetAwaiter().GetResult()["version"]!.GetValue<int>()));

        var dry = await MigrateAsync(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, ids = canary });
        Assert.Equal((true, 2L, 2, 500), (dry["dryRun"]!.GetValue<bool>(), dry["matched"]!.GetValue<long>(), dry["canMigrate"]!.GetValue<int>(), dry["cap"]!.GetValue<int>()));
        Assert.Equal(canary, dry["items"]!.AsArray().Select(i => i!["instanceId"]!.GetValue<string>()));
        Assert.Equal(1, (await _operator.GetInstanceAsync(journeys[0]))["version"]!.GetValue<int>());

        var applied = await MigrateAsync(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, ids = new[] { journeys[0], journeys[1], journeys[1] }, dryRun = false, reason = "canary of two" });
        Assert.Equal((2L, 2), (applied["matched"]!.GetValue<long>(), applied["migrated"]!.GetValue<int>()));
        var versions = new List<int>();
        foreach (var journey in journeys)
        {
            versions.Add((await _operator.GetInstanceAsync(journey))["version"]!.GetValue<int>());
        }

        Assert.Equal([2, 2, 1, 1], versions);
        var entry = (await JournalAsync(journeys[1])).Single(e => e!["kind"]!.GetValue<string>() == "Migrated")!;
        Assert.Equal(("oscar-operator", "canary of two"), (entry["data"]!["by"]!.GetValue<string>(), entry["data"]!["reason"]!.GetValue<string>()));
        var audit = await (await _operator.GetAsync($"/api/audit?action=bulk-migrate&workflowId={id}")).ReadObjectAsync();
        Assert.Equal(2L, audit["total"]!.GetValue<long>());
        Assert.All(audit["items"]!.AsArray(), a => Assert.Equal(applied["batchId"]!.GetValue<string>(), a!["data"]!["batchId"]!.GetValue<string>()));

        var again = await MigrateAsync(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, ids = canary, dryRun = false, reason = "again" });
        Assert.Equal(0, again["migrated"]!.GetValue<int>());
        Assert.All(again["items"]!.AsArray(), i => Assert.Equal("already_on_version", i!["code"]!.GetValue<string>()));

        var rest = await MigrateAsync(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, dryRun = false, reason = "the rest" });
        Assert.Equal((2L, 2), (rest["matched"]!.GetValue<long>(), rest["migrated"]!.GetValue<int>()));
        Assert.Equal(1, (await _operator.GetInstanceAsync(foreign))["version"]!.GetValue<int>());
    }

    // A version published before this build dropped an activity (here its step 'other' ran Gone.Activity) does not load. Its
    // journeys used to answer 409 version_unloadable on every read, and neither a move nor an abandon was possible: the only
    // repair was a build with the activity back. They are now shown and moved to a version that loads.
    [Fact]
    public async Task AJourneyOnAVersionThatNoLongerLoads_IsShown_AndMovesByFilterToOneThatDoes()
    {
        var id = NewId();
        var v1 = V1(id);
        v1["steps"]![2]!["activity"] = "Gone.Activity";
        var journey = await StrandOnAVersionThatNoLongerLoadsAsync(id, v1);
        await PublishAsync(id, V2(id), create: false);

        await (await _operator.GetAsync($"/api/workflows/{id}?version=1")).AssertProblemAsync(HttpStatusCode.Conflict);
        var shown = await _operator.GetInstanceAsync(journey);
        Assert.True(shown["version"] is not null, shown.ToJsonString());
        Assert.Equal((1, "review"), (shown["version"]!.GetValue<int>(), shown["currentStep"]!.GetValue<string>()));

        var body = new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap = new Dictionary<string, string> { ["review"] = "decision" } };
        var dry = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(body))).ReadObjectAsync();
        Assert.Equal(1, dry["canMigrate"]!.GetValue<int>());
        var applied = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { body.workflowId, body.fromVersion, body.toVersion, body.stepMap, dryRun = false, reason = "Gone.Activity was removed" }))).ReadObjectAsync();
        Assert.Equal(1, applied["migrated"]!.GetValue<int>());
        var moved = await _operator.GetInstanceAsync(journey);
        Assert.Equal((2, "decision"), (moved["version"]!.GetValue<int>(), moved["currentStep"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MigrateOne_AnswersWhyNot_ForAJourneyThatCannotMove()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journey = (await StartWaitingAsync(id, 1))[0];
        await PublishAsync(id, V2(id), create: false);

        var response = await _operator.PostAsync($"/api/instances/{journey}/migrate", Api.Json(new { toVersion = 2 }));
        var answer = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((false, "step_missing", "review"), (answer["canMigrate"]!.GetValue<bool>(), answer["code"]!.GetValue<string>(), answer["stepId"]!.GetValue<string>()));
        Assert.Contains("Core.WaitForSignal", answer["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var moved = await (await _operator.PostAsync($"/api/instances/{journey}/migrate",
            Api.Json(new { toVersion = 2, stepMap = new { review = "decision" }, dryRun = false, reason = "one journey" }))).ReadObjectAsync();
        Assert.True(moved["migrated"]!.GetValue<bool>());
        await (await _operator.PostAsync("/api/instances/no-such-id/migrate", Api.Json(new { toVersion = 2 }))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _operator.PostAsync($"/api/instances/{journey}/migrate", Api.Json(new { toVersion = "two" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "toVersion");
    }

    [Fact]
    public async Task MigrateToAVersionThatDoesNotExist_Is404WorkflowNotFound_NamingTheField_OneJourneyOrByFilter()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journey = (await StartWaitingAsync(id, 1))[0];
        await PublishAsync(id, V2(id), create: false);

        // One journey: the missing target is named, dry run or not; the journey stays where it was.
        foreach (var body in new object[] { new { toVersion = 9 }, new { toVersion = 9, dryRun = false, reason = "to v9" } })
        {
            var problem = await (await _operator.PostAsync($"/api/instances/{journey}/migrate", Api.Json(body))).AssertProblemAsync(HttpStatusCode.NotFound, "toVersion");
            Assert.Equal("workflow_not_found", problem["code"]!.GetValue<string>());
            Assert.Contains("version 9", problem["errors"]!["toVersion"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(1, (await _operator.GetInstanceAsync(journey))["version"]!.GetValue<int>());

        // By filter: whichever version is missing is the one named; a workflow with no version at all names workflowId.
        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 9 })))
            .AssertProblemAsync(HttpStatusCode.NotFound, "toVersion");
        var from = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = id, fromVersion = 8, toVersion = 2 })))
            .AssertProblemAsync(HttpStatusCode.NotFound, "fromVersion");
        Assert.False(from["errors"]!.AsObject().ContainsKey("toVersion"));
        await (await _operator.PostAsync("/api/instances/migrate", Api.Json(new { workflowId = "no-such-workflow", fromVersion = 1, toVersion = 2 })))
            .AssertProblemAsync(HttpStatusCode.NotFound, "workflowId");

        // The same exception elsewhere keeps its mapping: starting an unknown workflow is 404 workflow_not_found as before.
        var start = await (await _operator.PostAsync("/api/workflows/no-such-workflow/instances", Api.Json(new { customerId = "C" })))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("workflow_not_found", start["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task GoToAndVariables_ChangeTheJourney_NameWhoAndWhy_AndRefuseBadInput()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journeys = await StartWaitingAsync(id, 2);

        await (await _operator.PostAsync($"/api/instances/{journeys[0]}/alterations/variables", Api.Json(new { set = new { nope = 1 }, reason = "r" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "set.nope");
        await (await _operator.PostAsync($"/api/instances/{journeys[0]}/alterations/variables", Api.Json(new { set = new { count = "three" }, reason = "r" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "set.count");
        await (await _operator.PostAsync($"/api/instances/{journeys[0]}/alterations/variables", Api.Json(new { set = new { label = "x" } }))).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        var set = await _operator.PostAsync($"/api/instances/{journeys[0]}/alterations/variables", Api.Json(new { set = new { label = "vip", count = 2 }, reason = "borrower upgraded" }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var variables = (await _operator.GetInstanceAsync(journeys[0]))["variables"]!;
        Assert.Equal(("vip", 2), (variables["label"]!.GetValue<string>(), variables["count"]!.GetValue<int>()));

        await (await _operator.PostAsync($"/api/instances/{journeys[1]}/alterations/goto", Api.Json(new { stepId = "ghost", reason = "r" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "stepId");
        await (await _operator.PostAsync($"/api/instances/{journeys[1]}/alterations/goto", Api.Json(new { stepId = "other" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsync($"/api/instances/{journeys[1]}/alterations/goto", Api.Json(new { stepId = "other", reason = "closed by phone" }))).StatusCode);
        var done = await _operator.WaitForStatusAsync(journeys[1], "Completed");
        Assert.Equal("Other", done["outcome"]!.GetValue<string>());
        await (await _operator.PostAsync($"/api/instances/{journeys[1]}/alterations/goto", Api.Json(new { stepId = "review", reason = "again" }))).AssertProblemAsync(HttpStatusCode.Conflict);

        var wentTo = (await JournalAsync(journeys[1])).Single(e => e!["kind"]!.GetValue<string>() == "WentToStep")!["data"]!;
        var setEntry = (await JournalAsync(journeys[0])).Single(e => e!["kind"]!.GetValue<string>() == "VariablesSet")!["data"]!;
        Assert.Equal(("review", "other", "oscar-operator", "closed by phone"),
            (wentTo["fromStep"]!.GetValue<string>(), wentTo["toStep"]!.GetValue<string>(), wentTo["by"]!.GetValue<string>(), wentTo["reason"]!.GetValue<string>()));
        Assert.Equal(("oscar-operator", "borrower upgraded"), (setEntry["by"]!.GetValue<string>(), setEntry["reason"]!.GetValue<string>()));

        var audit = await (await _operator.GetAsync($"/api/audit?instanceId={journeys[1]}")).ReadObjectAsync();
        Assert.Contains(audit["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "alter-goto" && a["principal"]!.GetValue<string>() == "oscar-operator");
    }

    [Fact]
    public async Task BulkCancelByFilter_CountsFirst_IsCapped_ThenCancelsEveryMatch()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journeys = await StartWaitingAsync(id, 4);

        var dry = await (await _operator.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { workflowId = id } }))).ReadObjectAsync();
        Assert.Equal((true, 4L, 3), (dry["dryRun"]!.GetValue<bool>(), dry["matched"]!.GetValue<long>(), dry["cap"]!.GetValue<int>()));
        foreach (var journey in journeys)
        {
            Assert.Equal("Waiting", (await _operator.GetInstanceAsync(journey))["status"]!.GetValue<string>());
        }

        var capped = await (await _operator.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { workflowId = id }, dryRun = false, reason = "all" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("bulk_cap_exceeded", capped["code"]!.GetValue<string>());
        await (await _operator.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { workflowId = id, status = "Nope" } }))).AssertProblemAsync(HttpStatusCode.BadRequest, "filter.status");
        await (await _operator.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { workflowId = id, waitingLongerThan = 1e12 } }))).AssertProblemAsync(HttpStatusCode.BadRequest, "filter.waitingLongerThan");
        await (await _operator.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { workflowId = id, correlationId = "CUST-0" }, dryRun = false }))).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");

        var applied = await (await _operator.PostAsync("/api/instances/bulk/cancel",
            Api.Json(new { filter = new { workflowId = id, correlationId = new[] { "CUST-0" } }, dryRun = false, reason = "duplicate application" }))).ReadObjectAsync();
        Assert.Equal((1L, true), (applied["matched"]!.GetValue<long>(), applied["results"]![0]!["ok"]!.GetValue<bool>()));
        await _operator.WaitForStatusAsync(journeys[0], "Cancelled");
        Assert.Equal("Waiting", (await _operator.GetInstanceAsync(journeys[1]))["status"]!.GetValue<string>());

        var retry = await (await _operator.PostAsync("/api/instances/bulk/retry", Api.Json(new { filter = new { workflowId = id } }))).ReadObjectAsync();
        Assert.Equal(0L, retry["matched"]!.GetValue<long>());
    }

    // Walkthrough: a misspelt field of the filter ("customerId" for correlationId) was ignored, so the selection widened to
    // every unfinished journey and a cancel by it cancelled them all; a misspelt field of the body ("dryrun") was ignored too.
    // Each is refused, named where it was sent, before anything is selected.
    [Fact]
    public async Task BulkCancelAndRetryByFilter_RefuseAnUnknownField_InTheFilterOrTheBody_NamingIt_AndChangeNothing()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journeys = await StartWaitingAsync(id, 2);

        var message = await UnknownFieldAsync(await _operator.PostAsync("/api/instances/bulk/cancel",
            Api.Json(new { filter = new { customerId = "CUST-0" }, dryRun = false, reason = "duplicate application" })), "filter.customerId");
        Assert.StartsWith("Unknown field: a filter takes \"workflowId\", \"version\", \"status\"", message, StringComparison.Ordinal);
        await UnknownFieldAsync(await _operator.PostAsync("/api/instances/bulk/retry",
            Api.Json(new { filter = new { workflow = id }, dryRun = false, reason = "after the outage" })), "filter.workflow");
        await UnknownFieldAsync(await _operator.PostAsync("/api/instances/bulk/cancel",
            Api.Json(new { filter = new { workflowId = id }, dryrun = false, reason = "all" })), "dryrun");
        await UnknownFieldAsync(await _operator.PostAsync("/api/instances/bulk/retry",
            Api.Json(new { filter = new { workflowId = id }, dryRun = false, reasn = "after the outage" })), "reasn");
        await (await _operator.PostAsync("/api/instances/bulk/cancel", Api.Json(new { filter = new { workflowId = id, after = "x" } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "filter.after");

        foreach (var journey in journeys)
        {
            Assert.Equal("Waiting", (await _operator.GetInstanceAsync(journey))["status"]!.GetValue<string>());
        }

        Assert.Equal(0L, (await (await _operator.GetAsync("/api/audit?action=bulk-cancel")).ReadObjectAsync())["total"]!.GetValue<long>());
        Assert.Equal(0L, (await (await _operator.GetAsync("/api/audit?action=bulk-retry")).ReadObjectAsync())["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task MigrateByFilter_RefusesAnUnknownField_InTheFilterOrTheBody_NamingIt_AndMovesNothing()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journeys = await StartWaitingAsync(id, 2);
        await PublishAsync(id, V2(id), create: false);
        var stepMap = new Dictionary<string, string> { ["review"] = "decision" };

        await UnknownFieldAsync(await _operator.PostAsync("/api/instances/migrate",
            Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, filter = new { customerId = "CUST-0" }, dryRun = false, reason = "v2" })), "filter.customerId");
        await UnknownFieldAsync(await _operator.PostAsync("/api/instances/migrate",
            Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 2, stepmap = stepMap, dryRun = false, reason = "v2" })), "stepmap");

        foreach (var journey in journeys)
        {
            Assert.Equal(1, (await _operator.GetInstanceAsync(journey))["version"]!.GetValue<int>());
        }

        Assert.Equal(0L, (await (await _operator.GetAsync("/api/audit?action=bulk-migrate")).ReadObjectAsync())["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task BulkAbandon_RefusesAnUnknownField_InTheFilterOrTheBody_NamingIt_AndAbandonsNothing()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var lost = (await StartWaitingAsync(id, 1))[0];
        await MakeUnreadableAsync(lost);
        using var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));

        // Walkthrough: {"filter":{"customerId":"NOBODY"}} matched every unfinished journey.
        await UnknownFieldAsync(await admin.PostAsync("/api/instances/bulk/abandon",
            Api.Json(new { filter = new { customerId = "NOBODY" }, dryRun = false, reason = "keys lost" })), "filter.customerId");
        await UnknownFieldAsync(await admin.PostAsync("/api/instances/bulk/abandon",
            Api.Json(new { ids = new[] { lost }, dryrun = false, reason = "keys lost" })), "dryrun");

        var counts = (await (await _operator.GetAsync($"/api/instances?workflowId={id}")).ReadObjectAsync())["countsByStatus"]!;
        Assert.Equal(1, counts["Waiting"]!.GetValue<int>());
        Assert.Equal(0L, (await (await admin.GetAsync("/api/audit?action=bulk-abandon")).ReadObjectAsync())["total"]!.GetValue<long>());
    }

    // Session 43 refused a query parameter on the operations on a journey (a cancel's ?reason= was ignored); the alterations,
    // migrations and abandons had been left out: ?dryRun=true beside a body's "dryRun": false moved the journey for real.
    // Each is now a 400 naming the parameter, before the body is read, and nothing is changed or audited.
    [Fact]
    public async Task AlterationsMigrationsAndAbandons_RefuseAnyQueryParameter_NamingIt_AndChangeNothing()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journey = (await StartWaitingAsync(id, 1))[0];
        await PublishAsync(id, V2(id), create: false);
        var stepMap = new Dictionary<string, string> { ["review"] = "decision" };
        using var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));

        await QueryRefusedAsync(await _operator.PostAsync($"/api/instances/{journey}/migrate?dryRun=true",
            Api.Json(new { toVersion = 2, stepMap, dryRun = false, reason = "v2" })), "dryRun");
        await QueryRefusedAsync(await _operator.PostAsync($"/api/instances/migrate?reason=v2",
            Api.Json(new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap, dryRun = false, reason = "v2" })), "reason");
        await QueryRefusedAsync(await _operator.PostAsync($"/api/instances/{journey}/alterations/goto?stepId=other",
            Api.Json(new { stepId = "other", reason = "closed by phone" })), "stepId");
        await QueryRefusedAsync(await _operator.PostAsync($"/api/instances/{journey}/alterations/variables?label=vip",
            Api.Json(new { set = new { label = "vip" }, reason = "borrower upgraded" })), "label");
        await QueryRefusedAsync(await admin.PostAsync($"/api/instances/{journey}/abandon?reason=keys%20lost",
            Api.Json(new { reason = "keys lost" })), "reason");
        await QueryRefusedAsync(await admin.PostAsync("/api/instances/bulk/abandon?dryRun=true",
            Api.Json(new { ids = new[] { journey }, dryRun = true, reason = "keys lost" })), "dryRun");

        var after = await _operator.GetInstanceAsync(journey);
        Assert.Equal((1, "Waiting", "review", "none"),
            (after["version"]!.GetValue<int>(), after["status"]!.GetValue<string>(), after["currentStep"]!.GetValue<string>(), after["variables"]!["label"]!.GetValue<string>()));
        Assert.DoesNotContain((await (await admin.GetAsync($"/api/audit?instanceId={journey}")).ReadObjectAsync())["items"]!.AsArray(),
            a => a!["action"]!.GetValue<string>() != "start");
        Assert.Equal(0L, (await (await admin.GetAsync("/api/audit?action=bulk-migrate")).ReadObjectAsync())["total"]!.GetValue<long>());
        Assert.Equal(0L, (await (await admin.GetAsync("/api/audit?action=bulk-abandon")).ReadObjectAsync())["total"]!.GetValue<long>());
    }

    private static async Task QueryRefusedAsync(HttpResponseMessage response, string parameter)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
        Assert.Contains("takes no query parameter", problem["errors"]![parameter]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // Refused with a 400 naming the field where it was sent; the message says what the body (or its filter) takes.
    private static async Task<string> UnknownFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        var message = problem["errors"]![field]![0]!.GetValue<string>();
        Assert.StartsWith("Unknown field: ", message, StringComparison.Ordinal);
        return message;
    }

    // Session 14: a journey this node cannot decrypt (a key missing from its ring, a damaged value) inside a bulk selection.
    // The selection reads summaries, so it is matched with the others; a migration reports it as one that cannot move
    // (payload_unreadable) and moves the rest; a bulk cancel reports it failed with that code and cancels the rest; it is left
    // as it was. Before, selecting decrypted every matched journey: the dry run, the migration and the cancel all answered
    // 503 and changed nothing — and a migration that met it half-way answered 503 after moving the journeys before it.
    [Fact]
    public async Task BulkOperations_SelectAJourneyThisNodeCannotDecrypt_ReportItAlone_AndChangeTheOthers()
    {
        var id = NewId();
        await PublishAsync(id, V1(id), create: true);
        var journeys = await StartWaitingAsync(id, 3);
        await PublishAsync(id, V2(id), create: false);
        var unreadable = journeys[1];
        await MakeUnreadableAsync(unreadable);

        var migrate = new { workflowId = id, fromVersion = 1, toVersion = 2, stepMap = new Dictionary<string, string> { ["review"] = "decision" } };
        var dry = await (await _operator.PostAsync("/api/instances/migrate", Api.Json(migrate))).ReadObjectAsync();
        Assert.Equal((3L, 2), (dry["matched"]!.GetValue<long>(), dry["canMigrate"]!.GetValue<int>()));
        var refused = dry["items"]!.AsArray().Single(i => i!["instanceId"]!.GetValue<string>() == unreadable)!;
        Assert.Equal((false, "payload_unreadable", "review", "Waiting"),
            (refused["canMigrate"]!.GetValue<bool>(), refused["code"]!.GetValue<string>(), refused["stepId"]!.GetValue<string>(), refused["status"]!.GetValue<string>()));
        Assert.Contains("Server:DataProtectionKeysPath", refused["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var applied = await (await _operator.PostAsync("/api/instances/migrate",
            Api.Json(new { migrate.workflowId, migrate.fromVersion, migrate.toVersion, migrate.stepMap, dryRun = false, reason = "v2" }))).ReadObjectAsync();
        Assert.Equal(2, applied["migrated"]!.GetValue<int>());
        Assert.Equal(2, (await _operator.GetInstanceAsync(journeys[0]))["version"]!.GetValue<int>());
        Assert.Equal(2, (await _operator.GetInstanceAsync(journeys[2]))["version"]!.GetValue<int>());

        var cancelled = await (await _operator.PostAsync("/api/instances/bulk/cancel",
            Api.Json(new { filter = new { workflowId = id }, dryRun = false, reason = "closing the test" }))).ReadObjectAsync();
        Assert.Equal(3L, cancelled["matched"]!.GetValue<long>());
        var results = cancelled["results"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
        Assert.Equal((false, "payload_unreadable"), (results[unreadable]["ok"]!.GetValue<bool>(), results[unreadable]["code"]!.GetValue<string>()));
        Assert.True(results[journeys[0]]["ok"]!.GetValue<bool>() && results[journeys[2]]["ok"]!.GetValue<bool>());
        await _operator.WaitForStatusAsync(journeys[0], "Cancelled");
        await _operator.WaitForStatusAsync(journeys[2], "Cancelled");
        var listed = (await (await _operator.GetAsync($"/api/instances?workflowId={id}&status=Waiting")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal((unreadable, 1), (Assert.Single(listed)!["id"]!.GetValue<string>(), listed[0]!["version"]!.GetValue<int>()));
    }

    // Session 15: a journey whose keys are lost for good could not be closed (cancel reads it first: 503) and a Waiting one
    // waited for ever. Abandon (admin, reason required) closes only such a journey, as Cancelled without compensation; a
    // once-only call of unknown outcome stops it until the admin says it was reconciled with the lender; then the
    // borrower's erasure, which refused the journey as in flight, redacts it.
    [Fact]
    public async Task Abandon_ClosesOnlyAJourneyNoNodeCanDecrypt_AdminOnly_AndTheBorrowerCanThenBeErased()
    {
        var id = NewId();
        await PublishWithACompensatedStepAsync(id);
        var journeys = await StartWaitingAsync(id, 2);
        var (unreadable, readable) = (journeys[0], journeys[1]);
        await MakeUnreadableAsync(unreadable);
        await ExecuteSqlAsync("INSERT INTO intents (instance_id, key, step_id, data_json, created_at) " +
            $"VALUES ('{unreadable}', 'disburse', 'review', '{{}}', 1764000000000)");
        using var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        var abandon = $"/api/instances/{unreadable}/abandon";

        Assert.Equal(HttpStatusCode.Forbidden, (await _operator.PostAsync(abandon, Api.Json(new { reason = "keys lost" }))).StatusCode);
        await (await admin.PostAsync(abandon, Api.Json(new { }))).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await admin.PostAsync(abandon, Api.Json(new { reason = "keys lost", intentsReconciled = "yes" }))).AssertProblemAsync(HttpStatusCode.BadRequest, "intentsReconciled");
        var notLost = await (await admin.PostAsync($"/api/instances/{readable}/abandon", Api.Json(new { reason = "keys lost" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("instance_readable", notLost["code"]!.GetValue<string>());
        var erasure = Api.Json(new { reason = "DPDP request 42", cancelFirst = true });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.PostAsync("/api/borrowers/CUST-0/erasure", erasure)).StatusCode);

        var intent = await (await admin.PostAsync(abandon, Api.Json(new { reason = "keys lost" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(("unresolved_intent", "disburse"), (intent["code"]!.GetValue<string>(), intent["intents"]![0]!["key"]!.GetValue<string>()));
        Assert.Equal(2, (await (await _operator.GetAsync($"/api/instances?workflowId={id}")).ReadObjectAsync())["countsByStatus"]!["Waiting"]!.GetValue<int>());

        var closed = await (await admin.PostAsync(abandon, Api.Json(new { reason = "keys lost in the outage", intentsReconciled = true }))).ReadObjectAsync();
        Assert.Equal(("Cancelled", "disburse"), (closed["instance"]!["status"]!.GetValue<string>(), closed["unresolvedIntents"]![0]!["key"]!.GetValue<string>()));
        Assert.Equal(("review", null), (closed["atStep"]!.GetValue<string>(), closed["instance"]!["currentStep"]?.GetValue<string>()));
        var notRun = Assert.Single(closed["compensationsNotRun"]!.AsArray())!;
        Assert.Equal(("hold", "Core.SetVariable"), (notRun["stepId"]!.GetValue<string>(), notRun["activity"]!.GetValue<string>()));
        var journaled = (await JournalAsync(unreadable)).Last()!;
        Assert.Equal(("InstanceAbandoned", "ada-admin", "hold"),
            (journaled["kind"]!.GetValue<string>(), journaled["data"]!["by"]!.GetValue<string>(), journaled["data"]!["compensationsNotRun"]![0]!["stepId"]!.GetValue<string>()));
        var again = await (await admin.PostAsync(abandon, Api.Json(new { reason = "again", intentsReconciled = true }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("invalid_state", again["code"]!.GetValue<string>());
        var audited = Assert.Single((await (await admin.GetAsync($"/api/audit?action=abandon&workflowId={id}")).ReadObjectAsync())["items"]!.AsArray())!;
        Assert.Equal((unreadable, "keys lost in the outage", "ada-admin", "review"),
            (audited["instanceId"]!.GetValue<string>(), audited["reason"]!.GetValue<string>(), audited["principal"]!.GetValue<string>(), audited["data"]!["step"]!.GetValue<string>()));
        var scrape = await TelemetryTests.ScrapeUntilAsync(admin, m => m.Sum("loanjourney_journeys_completed_total", ("workflow", id), ("outcome", "abandoned")) > 0);
        Assert.Equal(1, scrape.Sum("loanjourney_journeys_completed_total", ("workflow", id), ("outcome", "abandoned")));
        var counts = (await (await _operator.GetAsync($"/api/instances?workflowId={id}")).ReadObjectAsync())["countsByStatus"]!;
        Assert.Equal((1, 1), (counts["Cancelled"]!.GetValue<int>(), counts["Waiting"]!.GetValue<int>()));

        var erased = await (await admin.PostAsync("/api/borrowers/CUST-0/erasure", erasure)).ReadObjectAsync();
        Assert.Equal(unreadable, Assert.Single(erased["redacted"]!.AsArray())!.GetValue<string>());
        Assert.Equal("Waiting", (await _operator.GetInstanceAsync(readable))["status"]!.GetValue<string>());
    }

    // Session 41: a journey no node can decrypt on a version this build no longer loads (its steps' activity Gone.Block and
    // its compensation Gone.Release removed since it was published) could not be abandoned: the list of compensations not
    // run compiled the version (409 version_unloadable), and only a build with the activities back could close it. It is
    // read as published now: abandoned, with every compensation the version declares listed, each saying whether this
    // build has its activity, and nothing run.
    [Fact]
    public async Task Abandon_ClosesAnUnreadableJourneyOnAVersionThatNoLongerLoads_ListingTheCompensationsNotInThisBuild()
    {
        var id = NewId();
        var v1 = V1(id);
        v1["start"] = "block";
        v1["steps"]!.AsArray().Insert(0, JsonNode.Parse("""
            { "id": "block", "activity": "Gone.Block", "inputs": {},
              "compensation": { "activity": "Gone.Release", "inputs": {} }, "next": { "Done": "hold" } }
            """));
        v1["steps"]!.AsArray().Insert(1, JsonNode.Parse("""
            { "id": "hold", "activity": "Core.SetVariable", "inputs": { "name": "label", "value": "held" },
              "compensation": { "activity": "Core.SetVariable", "inputs": { "name": "label", "value": "released" } }, "next": { "Done": "review" } }
            """));
        var journey = await StrandOnAVersionThatNoLongerLoadsAsync(id, v1);
        foreach (var step in new[] { "block", "hold" })
        {
            await ExecuteSqlAsync($"INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) VALUES ('{journey}', 1764000000000, 'StepCompleted', '{step}', 1, NULL)");
        }

        await MakeUnreadableAsync(journey);
        using var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        await (await _operator.GetAsync($"/api/workflows/{id}?version=1")).AssertProblemAsync(HttpStatusCode.Conflict);

        var preview = await (await admin.PostAsync("/api/instances/bulk/abandon", Api.Json(new { ids = new[] { journey } }))).ReadObjectAsync();
        Assert.Equal(1, preview["canAbandon"]!.GetValue<int>());
        var closed = await (await admin.PostAsync($"/api/instances/{journey}/abandon", Api.Json(new { reason = "keys lost, Gone.Block removed" }))).ReadObjectAsync();

        Assert.Equal(("Cancelled", "review"), (closed["instance"]!["status"]!.GetValue<string>(), closed["atStep"]!.GetValue<string>()));
        Assert.Equal(["hold Core.SetVariable True", "block Gone.Release False"], closed["compensationsNotRun"]!.AsArray()
            .Select(c => $"{c!["stepId"]} {c["activity"]} {c["inThisBuild"]!.GetValue<bool>()}"));
        var journaled = (await JournalAsync(journey)).Last()!;
        Assert.Equal(("InstanceAbandoned", false), (journaled["kind"]!.GetValue<string>(), journaled["data"]!["compensationsNotRun"]![1]!["inThisBuild"]!.GetValue<bool>()));
        Assert.DoesNotContain(await JournalAsync(journey), e => e!["kind"]!.GetValue<string>() is "CompensationCompleted" or "CompensationFailed");
        var audited = Assert.Single((await (await admin.GetAsync($"/api/audit?action=abandon&workflowId={id}")).ReadObjectAsync())["items"]!.AsArray())!;
        Assert.Equal(["Core.SetVariable for step hold", "Gone.Release for step block (not in this build)"],
            audited["data"]!["compensationsNotRun"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task BulkAbandon_PreviewsThenClosesOnlyTheUnreadableJourneys_EachUnknownOutcomeReconciledByName()
    {
        var id = NewId();
        await PublishWithACompensatedStepAsync(id);
        var journeys = await StartWaitingAsync(id, 4);
        var (lost, lostWithIntent, alsoLost, readable) = (journeys[0], journeys[1], journeys[2], journeys[3]);
        foreach (var journey in new[] { lost, lostWithIntent, alsoLost })
        {
            await MakeUnreadableAsync(journey);
        }

        await ExecuteSqlAsync("INSERT INTO intents (instance_id, key, step_id, data_json, created_at) " +
            $"VALUES ('{lostWithIntent}', 'disburse', 'review', '{{}}', 1764000000000)");
        using var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        const string bulk = "/api/instances/bulk/abandon";
        var filter = new { workflowId = id };

        Assert.Equal(HttpStatusCode.Forbidden, (await _operator.PostAsync(bulk, Api.Json(new { filter }))).StatusCode);
        await (await admin.PostAsync(bulk, Api.Json(new { filter, dryRun = false }))).AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await admin.PostAsync(bulk, Api.Json(new { filter, intentsReconciled = true }))).AssertProblemAsync(HttpStatusCode.BadRequest, "intentsReconciled");
        await (await admin.PostAsync(bulk, Api.Json(new { filter, ids = new[] { lost } }))).AssertProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await admin.PostAsync(bulk, Api.Json(new { ids = Array.Empty<string>() }))).AssertProblemAsync(HttpStatusCode.BadRequest, "ids");
        await (await admin.PostAsync(bulk, Api.Json(new { filter = new { status = "Sleeping" } }))).AssertProblemAsync(HttpStatusCode.BadRequest, "filter.status");

        // The dry run (the default): what each journey would leave to settle, and why the others are left; nothing changes. The
        // test server's cap is 3 journeys a request: the newest 3 of the 4 are shown, and applying that filter is refused.
        var preview = await (await admin.PostAsync(bulk, Api.Json(new { filter }))).ReadObjectAsync();
        Assert.Equal((true, 4, 3, 1, 0), (preview["dryRun"]!.GetValue<bool>(), preview["matched"]!.GetValue<int>(), preview["cap"]!.GetValue<int>(),
            preview["canAbandon"]!.GetValue<int>(), preview["abandoned"]!.GetValue<int>()));
        var byId = preview["items"]!.AsArray().ToDictionary(i => i!["id"]!.GetValue<string>(), i => i!);
        Assert.Equal((true, "review", "hold"), (byId[alsoLost]["canAbandon"]!.GetValue<bool>(), byId[alsoLost]["atStep"]!.GetValue<string>(),
            byId[alsoLost]["compensationsNotRun"]![0]!["stepId"]!.GetValue<string>()));
        Assert.Equal(("unresolved_intent", "disburse"), (byId[lostWithIntent]["code"]!.GetValue<string>(), byId[lostWithIntent]["unresolvedIntents"]![0]!["key"]!.GetValue<string>()));
        Assert.Equal(("instance_readable", false), (byId[readable]["code"]!.GetValue<string>(), byId[readable]["canAbandon"]!.GetValue<bool>()));
        var capped = await (await admin.PostAsync(bulk, Api.Json(new { filter, dryRun = false, reason = "keys lost" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("bulk_cap_exceeded", capped["code"]!.GetValue<string>());
        Assert.Equal(4, (await (await _operator.GetAsync($"/api/instances?workflowId={id}")).ReadObjectAsync())["countsByStatus"]!["Waiting"]!.GetValue<int>());

        // Applied without naming it, the journey with the unknown outcome is left, its call listed.
        var unnamed = await (await admin.PostAsync(bulk, Api.Json(new { ids = new[] { lostWithIntent }, dryRun = false, reason = "keys lost" }))).ReadObjectAsync();
        var leftAlone = Assert.Single(unnamed["items"]!.AsArray())!;
        Assert.Equal((false, "unresolved_intent", "disburse"), (leftAlone["abandoned"]!.GetValue<bool>(), leftAlone["code"]!.GetValue<string>(),
            leftAlone["unresolvedIntents"]![0]!["key"]!.GetValue<string>()));

        // By ids: the journey with the unknown outcome once the Admin names it; the readable one and an unknown id are reported.
        var byIds = await (await admin.PostAsync(bulk, Api.Json(new
        {
            ids = new[] { lostWithIntent, readable, "no-such-journey" }, intentsReconciled = new[] { lostWithIntent }, dryRun = false, reason = "disbursal checked with FinBox: not sent",
        }))).ReadObjectAsync();
        var results = byIds["items"]!.AsArray().ToDictionary(i => i!["id"]!.GetValue<string>(), i => i!);
        Assert.Equal((true, "Cancelled", "disburse"), (results[lostWithIntent]["abandoned"]!.GetValue<bool>(), results[lostWithIntent]["status"]!.GetValue<string>(),
            results[lostWithIntent]["unresolvedIntents"]![0]!["key"]!.GetValue<string>()));
        Assert.Equal(("instance_readable", "review", "Waiting"), (results[readable]["code"]!.GetValue<string>(), results[readable]["atStep"]!.GetValue<string>(),
            results[readable]["status"]!.GetValue<string>()));
        Assert.Equal("instance_not_found", results["no-such-journey"]["code"]!.GetValue<string>());

        // By filter, now within the cap: the two left without an open intent; the readable one stays.
        var applied = await (await admin.PostAsync(bulk, Api.Json(new { filter, dryRun = false, reason = "key ring lost in the outage" }))).ReadObjectAsync();
        Assert.Equal((false, 3, 2), (applied["dryRun"]!.GetValue<bool>(), applied["matched"]!.GetValue<int>(), applied["abandoned"]!.GetValue<int>()));
        var done = applied["items"]!.AsArray().Where(i => i!["abandoned"]!.GetValue<bool>()).Select(i => i!["id"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(new[] { lost, alsoLost }.Order().ToList(), done);
        var journaled = (await JournalAsync(lost)).Last()!;
        Assert.Equal(("InstanceAbandoned", "key ring lost in the outage"), (journaled["kind"]!.GetValue<string>(), journaled["data"]!["reason"]!.GetValue<string>()));

        var counts = (await (await _operator.GetAsync($"/api/instances?workflowId={id}")).ReadObjectAsync())["countsByStatus"]!;
        Assert.Equal((3, 1), (counts["Cancelled"]!.GetValue<int>(), counts["Waiting"]!.GetValue<int>()));
        var audited = (await (await admin.GetAsync($"/api/audit?action=bulk-abandon&workflowId={id}")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(3, audited.Count);
        Assert.Equal(applied["batchId"]!.GetValue<string>(), audited.First(a => a!["instanceId"]!.GetValue<string>() == lost)!["data"]!["batchId"]!.GetValue<string>());
        Assert.Equal("disburse at step review", audited.First(a => a!["instanceId"]!.GetValue<string>() == lostWithIntent)!["data"]!["unresolvedIntents"]![0]!.GetValue<string>());
        Assert.Equal("Waiting", (await _operator.GetInstanceAsync(readable))["status"]!.GetValue<string>());
    }

    // Version 1 with a completed step ("hold") whose compensation a cancel would run: abandon runs none, and names it.
    private async Task PublishWithACompensatedStepAsync(string id)
    {
        var v1 = V1(id);
        v1["start"] = "hold";
        v1["steps"]!.AsArray().Insert(0, JsonNode.Parse("""
            { "id": "hold", "activity": "Core.SetVariable", "inputs": { "name": "label", "value": "held" },
              "compensation": { "activity": "Core.SetVariable", "inputs": { "name": "label", "value": "released" } }, "next": { "Done": "review" } }
            """));
        await PublishAsync(id, v1, create: true);
    }

    // Version 1 stored as an earlier build published it (with an activity this build lacks), and one journey Waiting at its
    // step 'review'. The store is written directly, as an earlier build left it: only once the engine has started on it
    // (migrations, the catalog's first load), as a server starting on that data finds it.
    private async Task<string> StrandOnAVersionThatNoLongerLoadsAsync(string id, JsonObject version)
    {
        await _factory.Services.GetRequiredService<LoanJourney.Engine.Runtime.EngineInitializer>().EnsureInitializedAsync();
        var store = _factory.Services.GetRequiredService<LoanJourney.Engine.Storage.IWorkflowStore>();
        version["version"] = 1;
        var (_, published) = LoanJourney.Engine.Definitions.DefinitionJson.Parse(version.ToJsonString());
        var now = _factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await store.SaveDefinitionAsync(id, 1, LoanJourney.Engine.Definitions.DefinitionJson.Hash(published), published, now, default);
        var journey = "stranded-" + id;
        await store.CreateInstanceAsync(new LoanJourney.Engine.Storage.InstanceRecord
        {
            Id = journey, WorkflowId = id, WorkflowVersion = 1, Status = LoanJourney.Engine.Model.WorkflowStatus.Waiting, InputJson = """{"customerId":"CUST-1"}""",
            VariablesJson = """{"label":"none","count":0}""", OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "review", CreatedAt = now, UpdatedAt = now,
        }, new LoanJourney.Engine.Storage.JournalRecord(0, journey, now, "InstanceStarted", null, null, null), default);
        return journey;
    }

    // Its stored input becomes a value this node's key ring cannot decrypt (a key lost for good).
    private Task MakeUnreadableAsync(string journey) =>
        ExecuteSqlAsync($"UPDATE instances SET input_json = 'enc:v1:%%% not this key ring''s %%%' WHERE id = '{journey}'");

    private async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "server.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
