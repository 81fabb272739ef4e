using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// Session 52: a move does not run the journey's waiting step again, so a step whose inputs the new version changed keeps
/// waiting as the old version's inputs asked until a go-to-step back to it. The dry run said so; the applied move's journal
/// entry and audit entry did not, so whoever read the journey later could not tell. They now carry the dry run's finding as
/// <c>stepChange</c> (and nothing when the step is the same), on a real port, on SQLite and on a real PostgreSQL.
/// </summary>
public sealed class MoveKeepsTheStepsInputsRecordTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    // v1: kyc waits for "go"; v2: kyc waits for "approve" (its inputs changed); v3: kyc as in v2, another outcome at the end.
    private static JsonObject Definition(string id, string signal, string outcome) => (JsonObject)JsonNode.Parse($$"""
        {
          "id": "{{id}}", "title": "Move record test",
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "start": "kyc",
          "steps": [
            { "id": "kyc", "activity": "Core.WaitForSignal", "inputs": { "signal": "{{signal}}" }, "next": { "Received": "end", "Timeout": "end" } },
            { "id": "end", "activity": "Core.End", "inputs": { "outcome": "{{outcome}}" } }
          ]
        }
        """)!;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task AMovedJourneysJournalAndAuditEntry_SayItsStepKeptTheOldInputs_WhenTheNewVersionChangedThem_AndNothingWhenNot(string store)
    {
        var settings = TestPrincipals.Settings();
        if (store == "Postgres")
        {
            settings["Storage:Provider"] = "Postgres";
            settings["ConnectionStrings:LoanJourney"] = await _postgres.CreateSchemaAsync();
        }

        using var server = new ServerFactory(settings);
        server.UseKestrelOnLoopback();
        server.StartServer();
        using var designer = server.CreateClient(TestPrincipals.KeyOf("Designer"));
        using var ops = server.CreateClient(TestPrincipals.KeyOf("Operator"));
        Assert.Equal("127.0.0.1", designer.BaseAddress!.Host); // over real HTTP

        var id = "moverec-" + Guid.NewGuid().ToString("N")[..8];
        await PublishAsync(designer, id, Definition(id, "go", "Done"), create: true);
        var single = await StartWaitingAsync(ops, id, "CUST-1");
        var bulk = await StartWaitingAsync(ops, id, "CUST-2");
        await PublishAsync(designer, id, Definition(id, "approve", "Done"), create: false);
        var unchanged = await StartWaitingAsync(ops, id, "CUST-3");
        await PublishAsync(designer, id, Definition(id, "approve", "Approved"), create: false);

        // One journey, v1 → v2: kyc's inputs changed; the answer, the journal and the audit entry say it kept v1's.
        var moved = await MoveAsync(ops, $"/api/instances/{single}/migrate", new { toVersion = 2, dryRun = false, reason = "new signal" });
        Assert.True(moved["migrated"]!.GetValue<bool>(), moved.ToJsonString());
        AssertKept(moved["stepChange"]);
        AssertKept((await MigratedEntryAsync(ops, single))["stepChange"]);
        AssertKept((await AuditDataAsync(ops, single, "migrate"))["stepChange"]);

        // By filter, v1 → v2 (only the other v1 journey is left): its bulk-migrate audit entry says so too.
        var batch = await MoveAsync(ops, "/api/instances/migrate", new { workflowId = id, fromVersion = 1, toVersion = 2, dryRun = false, reason = "new signal" });
        Assert.Equal(1, batch["migrated"]!.GetValue<int>());
        AssertKept((await MigratedEntryAsync(ops, bulk))["stepChange"]);
        AssertKept((await AuditDataAsync(ops, bulk, "bulk-migrate"))["stepChange"]);

        // v2 → v3: kyc is the same; nothing extra is recorded.
        var same = await MoveAsync(ops, $"/api/instances/{unchanged}/migrate", new { toVersion = 3, dryRun = false, reason = "new outcome" });
        Assert.True(same["migrated"]!.GetValue<bool>(), same.ToJsonString());
        Assert.Null(same["stepChange"]);
        var entry = await MigratedEntryAsync(ops, unchanged);
        Assert.Equal((2, 3), (entry["fromVersion"]!.GetValue<int>(), entry["toVersion"]!.GetValue<int>()));
        Assert.False(entry.ContainsKey("stepChange"), entry.ToJsonString());
        Assert.False((await AuditDataAsync(ops, unchanged, "migrate")).ContainsKey("stepChange"));

        // The record tells the truth: the moved journey still waits for v1's signal.
        var journey = await (await ops.GetAsync($"/api/instances/{single}")).ReadObjectAsync();
        Assert.Equal((2, "kyc"), (journey["version"]!.GetValue<int>(), journey["currentStep"]!.GetValue<string>()));
    }

    private static void AssertKept(JsonNode? change)
    {
        Assert.NotNull(change);
        Assert.Equal(("kyc", true, false, 1),
            (change["stepId"]!.GetValue<string>(), change["inputsChanged"]!.GetValue<bool>(), change["activityChanged"]!.GetValue<bool>(),
                change["keptInputsOf"]!.GetValue<int>()));
    }

    private static async Task PublishAsync(HttpClient designer, string id, JsonObject definition, bool create)
    {
        var saved = create
            ? await designer.PostAsync("/api/workflows", Api.Json(definition.ToJsonString()))
            : await designer.PutAsync($"/api/workflows/{id}/draft", Api.Json(definition.ToJsonString()));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var revision = (await saved.ReadObjectAsync())["revision"]!.GetValue<long>();
        var published = await designer.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "test publish" }));
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
    }

    private static async Task<string> StartWaitingAsync(HttpClient ops, string id, string customerId)
    {
        var instance = await ops.StartAsync(id, new { customerId });
        await ops.WaitForStatusAsync(instance, "Waiting");
        return instance;
    }

    private static async Task<JsonObject> MoveAsync(HttpClient ops, string path, object body)
    {
        var response = await ops.PostAsync(path, Api.Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static async Task<JsonObject> MigratedEntryAsync(HttpClient ops, string instance) =>
        (await (await ops.GetAsync($"/api/instances/{instance}/journal")).ReadObjectAsync())["items"]!.AsArray()
        .Single(e => e!["kind"]!.GetValue<string>() == "Migrated")!["data"]!.AsObject();

    private static async Task<JsonObject> AuditDataAsync(HttpClient ops, string instance, string action) =>
        (await (await ops.GetAsync($"/api/audit?instanceId={instance}&action={action}")).ReadObjectAsync())["items"]!.AsArray()
        .Single()!["data"]!.AsObject();
}
