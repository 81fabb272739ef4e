using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// What session 47's operator walk saw and left (docs/studio.md, "Session 47: an operator's shift, walked"): a second cancel
/// of a journey already being cancelled, and the journeys list's incident without its kind.
/// </summary>
public sealed class OperatorShiftLeftoversTests : IDisposable
{
    private readonly ServerFactory _factory = new(TestPrincipals.Settings());
    private readonly HttpClient _designer;
    private readonly HttpClient _operator;

    public OperatorShiftLeftoversTests()
    {
        _designer = _factory.CreateClient(TestPrincipals.KeyOf("Designer"));
        _operator = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
    }

    public void Dispose() => _factory.Dispose();

    // hold (its compensation may not suspend, so it fails when run) → review (waits for a signal) → end.
    private async Task<string> PublishAsync()
    {
        var id = "shift-" + Guid.NewGuid().ToString("N")[..8];
        var definition = JsonNode.Parse($$"""
            {
              "id": "{{id}}", "title": "Operator shift leftovers",
              "input": [{ "name": "customerId", "type": "String", "required": true }],
              "variables": { "label": "none" },
              "start": "hold",
              "steps": [
                { "id": "hold", "activity": "Core.SetVariable", "inputs": { "name": "label", "value": "held" },
                  "compensation": { "activity": "Core.Delay", "inputs": { "duration": "00:05:00" } }, "next": { "Done": "review" } },
                { "id": "review", "activity": "Core.WaitForSignal", "inputs": { "signal": "go" }, "next": { "Received": "end", "Timeout": "end" } },
                { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Done" } }
              ]
            }
            """)!;
        var saved = await _designer.PostAsync("/api/workflows", Api.Json(definition.ToJsonString()));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var revision = (await saved.ReadObjectAsync())["revision"]!.GetValue<long>();
        var published = await _designer.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "test publish" }));
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return id;
    }

    // A journey being cancelled whose compensation faulted: cancelRequested, Faulted, its incident at "hold".
    private async Task<(string WorkflowId, string Journey)> BeingCancelledAsync()
    {
        var workflowId = await PublishAsync();
        var journey = await _operator.StartAsync(workflowId, new { customerId = "CUST-1" });
        await _operator.WaitForStatusAsync(journey, "Waiting");
        var first = await _operator.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "borrower withdrew" }));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var faulted = await _operator.WaitForStatusAsync(journey, "Faulted");
        Assert.True(faulted["cancelRequested"]!.GetValue<bool>());
        return (workflowId, journey);
    }

    private async Task<JsonArray> CancelsAuditedAsync(string workflowId, string action)
    {
        using var admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        return (await (await admin.GetAsync($"/api/audit?action={action}&workflowId={workflowId}")).ReadObjectAsync())["items"]!.AsArray();
    }

    [Fact]
    public async Task ASecondCancelOfAJourneyAlreadyBeingCancelled_Is200WithTheJourney_AndNeitherJournaledNorAudited()
    {
        var (workflowId, journey) = await BeingCancelledAsync();
        var journal = (await (await _operator.GetAsync($"/api/instances/{journey}/journal")).ReadObjectAsync())["items"]!.AsArray().Count;

        var again = await _operator.PostAsync($"/api/instances/{journey}/cancel", Api.Json(new { reason = "pressed twice" }));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // a replay, as a start's with the same Idempotency-Key: not 202
        var answered = await again.ReadObjectAsync();
        Assert.Equal((journey, "Faulted"), (answered["id"]!.GetValue<string>(), answered["status"]!.GetValue<string>()));
        Assert.Equal(journal, (await (await _operator.GetAsync($"/api/instances/{journey}/journal")).ReadObjectAsync())["items"]!.AsArray().Count);
        Assert.Equal(["borrower withdrew"], (await CancelsAuditedAsync(workflowId, "cancel")).Select(e => e!["reason"]!.GetValue<string>()));

        // In bulk too: the journey is ok (its cancel is under way), and nothing is audited for it.
        var bulk = await (await _operator.PostAsync("/api/instances/bulk/cancel", Api.Json(new { ids = new[] { journey }, reason = "clean-up" }))).ReadObjectAsync();
        Assert.True(bulk["results"]![0]!["ok"]!.GetValue<bool>());
        Assert.Empty(await CancelsAuditedAsync(workflowId, "bulk-cancel"));
    }

    [Fact]
    public async Task TheJourneysList_NamesTheOpenIncidentsKind_AndWhetherItAwaitsADecision()
    {
        var (workflowId, journey) = await BeingCancelledAsync();
        var waiting = await _operator.StartAsync(workflowId, new { customerId = "CUST-2" });
        await _operator.WaitForStatusAsync(waiting, "Waiting");

        var items = (await (await _operator.GetAsync($"/api/instances?workflowId={workflowId}")).ReadObjectAsync())["items"]!.AsArray();
        var faulted = items.Single(i => i!["id"]!.GetValue<string>() == journey)!;
        var other = items.Single(i => i!["id"]!.GetValue<string>() == waiting)!;

        Assert.Equal((true, "CompensationSuspended", false),
            (faulted["hasIncident"]!.GetValue<bool>(), faulted["incidentKind"]!.GetValue<string>(), faulted["awaitsDecision"]!.GetValue<bool>()));
        Assert.Equal((false, null, false), (other["hasIncident"]!.GetValue<bool>(), other["incidentKind"], other["awaitsDecision"]!.GetValue<bool>()));

        // The journey's own view carries them as well (InstanceDetail is InstanceSummary plus).
        var detail = await _operator.GetInstanceAsync(journey);
        Assert.Equal(("CompensationSuspended", false), (detail["incidentKind"]!.GetValue<string>(), detail["awaitsDecision"]!.GetValue<bool>()));
    }
}
