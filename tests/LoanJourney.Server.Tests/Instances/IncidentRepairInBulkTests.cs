using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// The incidents of a lender outage, repaired together (session 45's walk). docs/api.md ("Instances", bulk retry): a bulk retry leaves out a journey whose open incident asks the operator about a
/// money call (<c>OutcomeUnknown</c>), with <c>ok: false</c> and <c>code: awaits_decision</c>, by ids and by filter. Session
/// 45's walk retried every incident after a lender outage: the pay-later journey whose tranche answer was lost came back
/// <c>ok: true</c> with a <c>bulk-retry</c> audit entry, though its retry sent nothing and raised the same question again —
/// a batch reported as cured that still waited for a decision about money. And <c>incidentKind</c> (the list's filter,
/// so a bulk operation's too) selects the outage's incidents apart from the others: the walk's outage of one FinBox route
/// opened the lender's circuit and faulted other steps of other journeys too, so no step filter would have found them all.
/// </summary>
public sealed class IncidentRepairInBulkTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
        ["Engine:PollInterval"] = "00:00:00.100",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task ABulkRetryLeavesOutAJourneyWhoseLostTrancheAwaitsTheOperator_ByIdsAndByFilter()
    {
        using var api = _server.CreateApiClient();
        var id = await PayLaterTranche.FaultedAsync(api);
        var faulted = await api.GetInstanceAsync(id);
        Assert.Equal("OutcomeUnknown", faulted["incident"]!["errorKind"]!.GetValue<string>());
        var raisedAt = faulted["incident"]!["createdAt"]!.GetValue<string>();

        var byIds = await (await api.PostAsync("/api/instances/bulk/retry", Api.Json(new { ids = new[] { id }, reason = "lender back up" }))).ReadObjectAsync();
        AssertLeftOut(byIds, id);

        var byFilter = await (await api.PostAsync("/api/instances/bulk/retry",
            Api.Json(new { filter = new { workflowId = "capitalfloat-paylater", hasIncident = true }, dryRun = false, reason = "lender back up" }))).ReadObjectAsync();
        AssertLeftOut(byFilter, id);

        // Nothing was retried: the same incident stands, no IncidentRetried in the journal, no bulk-retry in the audit trail.
        var journey = await api.GetInstanceAsync(id);
        Assert.Equal(("Faulted", raisedAt), (journey["status"]!.GetValue<string>(), journey["incident"]!["createdAt"]!.GetValue<string>()));
        var journal = await (await api.GetAsync($"/api/instances/{id}/journal?take=1000")).ReadObjectAsync();
        Assert.DoesNotContain(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "IncidentRetried");
        var audit = await (await api.GetAsync($"/api/audit?action=bulk-retry&instanceId={id}")).ReadObjectAsync();
        Assert.Equal(0, audit["total"]!.GetValue<long>());

        // The decision is still the operator's to take, and takes: confirm-sent ends the journey.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/incident/confirm-sent",
            Api.Json(new { reference = "CF-TRANCHE-1", reason = "Capital Float confirmed the tranche" }))).StatusCode);
        Assert.Equal("Disbursed", (await api.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task IncidentKindSelectsTheJourneysWhoseOpenIncidentIsOfThatKind_InTheListAndInABulkFilter()
    {
        using var api = _server.CreateApiClient();
        // A lost tranche answer (OutcomeUnknown) and a KYC the lender refuses (scenario 0007, CKYC_FAILED once).
        var tranche = await PayLaterTranche.FaultedAsync(api);
        var loan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        loan["customerId"] = "CUST-KIND-KYC-1";
        loan["mobile"] = "9876540007";
        var kyc = await api.StartAsync("finbox-personal-loan", loan);
        var kycKind = (await api.WaitForStatusAsync(kyc, "Faulted"))["incident"]!["errorKind"]!.GetValue<string>();
        Assert.NotEqual("OutcomeUnknown", kycKind);

        Assert.Equal([tranche], await IdsAsync(api, "?incidentKind=OutcomeUnknown"));
        Assert.Equal([kyc], await IdsAsync(api, $"?incidentKind={kycKind}&status=Faulted"));
        Assert.Equal(new[] { kyc, tranche }.Order(StringComparer.Ordinal), (await IdsAsync(api, "?hasIncident=true")).Order(StringComparer.Ordinal));
        var none = await (await api.GetAsync("/api/instances?incidentKind=LenderUnavailable")).ReadObjectAsync();
        Assert.Equal((0, 0), (none["total"]!.GetValue<long>(), none["countsByStatus"]!["Faulted"]!.GetValue<long>()));
        await (await api.GetAsync("/api/instances?incidentKind=Lender%20Unavailable")).AssertProblemAsync(HttpStatusCode.BadRequest, "incidentKind");

        // A bulk retry by that filter counts, and retries, only the journeys of that kind.
        var dryRun = await (await api.PostAsync("/api/instances/bulk/retry", Api.Json(new { filter = new { incidentKind = kycKind } }))).ReadObjectAsync();
        Assert.Equal((1, kyc), (dryRun["matched"]!.GetValue<long>(), Assert.Single(dryRun["ids"]!.AsArray())!.GetValue<string>()));
        await (await api.PostAsync("/api/instances/bulk/retry", Api.Json(new { filter = new { incidentKind = "Lender Unavailable" } })))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "filter.incidentKind");
    }

    private static async Task<string[]> IdsAsync(HttpClient api, string query)
    {
        using var response = await api.GetAsync("/api/instances" + query);
        var body = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/instances{query}: {(int)response.StatusCode} {body.ToJsonString()}");
        return body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();
    }

    private static void AssertLeftOut(JsonObject answer, string id)
    {
        var result = Assert.Single(answer["results"]!.AsArray())!;
        Assert.Equal((id, false, "awaits_decision"), (result["id"]!.GetValue<string>(), result["ok"]!.GetValue<bool>(), result["code"]?.GetValue<string>()));
        Assert.Contains("confirm-sent", result["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
