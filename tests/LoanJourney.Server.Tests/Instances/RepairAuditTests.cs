using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// The audit entry of each incident repair names what it acted on (docs/api.md, "Audit"): the step (<c>stepId</c>), the
/// incident's kind (<c>incidentKind</c>) and id (<c>incidentId</c>, the <c>IncidentCreated</c> journal entry's), and for
/// confirm-not-sent the decision (<c>then</c>: <c>resend</c> or <c>cancel</c>), beside the reason, masked as always. Session
/// 45's repair walk read <c>retry</c>, <c>confirm-sent</c> and <c>confirm-not-sent</c> entries that named the journey only,
/// and a confirm-not-sent that sent the tranche again recorded <c>data: null</c>: an auditor could not tell which step's
/// question was answered, nor that the answer was to send the money call again.
/// </summary>
public sealed class RepairAuditTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
        ["Engine:PollInterval"] = "00:00:00.100",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task ConfirmNotSentAndConfirmSent_EachNameTheStepTheIncidentAndTheDecision_ARetryOfTheQuestionIsRefused()
    {
        using var api = _server.CreateApiClient();
        // Every tranche request is dropped before Capital Float takes it: each send raises an outcome-unknown question.
        var id = await PayLaterTranche.FaultedAsync(api, "dropBeforeCommit");
        var first = await LastIncidentIdAsync(api, id, 1);

        // A retry is no answer (session 46: it was taken, sent nothing and asked again): refused, nothing recorded.
        var retry = await (await api.PostAsync($"/api/instances/{id}/incident/retry", Api.Json(new { reason = "asking again" }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("awaits_decision", retry["code"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/incident/confirm-not-sent",
            Api.Json(new { reason = "CF says no tranche; borrower on 9876543210 told" }))).StatusCode);
        var second = await LastIncidentIdAsync(api, id, 2);
        Assert.NotEqual(first, second);

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/incident/confirm-sent",
            Api.Json(new { reference = "CF-TRANCHE-7", reason = "CF ops confirmed the tranche" }))).StatusCode);
        await api.WaitForStatusAsync(id, "Completed");

        var entries = await AuditAsync(api, id);
        Assert.DoesNotContain(entries, e => e["action"]!.GetValue<string>() == "retry");

        var notSent = Assert.Single(entries, e => e["action"]!.GetValue<string>() == "confirm-not-sent");
        Assert.Equal(Data(first, ",\"then\":\"resend\""), notSent["data"]!.ToJsonString());
        Assert.Equal("CF says no tranche; borrower on XXXXXX3210 told", notSent["reason"]!.GetValue<string>());

        var sent = Assert.Single(entries, e => e["action"]!.GetValue<string>() == "confirm-sent");
        Assert.Equal(Data(second, ",\"reference\":\"CF-TRANCHE-7\""), sent["data"]!.ToJsonString());

        // The export's line is the list's entry: the same data, with nothing to look up elsewhere.
        var export = await (await api.GetAsync($"/api/audit/export?instanceId={id}&action=confirm-not-sent&format=ndjson")).Content.ReadAsStringAsync();
        var line = JsonNode.Parse(export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single())!;
        Assert.Equal(notSent["data"]!.ToJsonString(), line["data"]!.ToJsonString());
    }

    [Fact]
    public async Task ConfirmNotSentThenCancel_AndItsCancel_NameTheStepAndTheIncident()
    {
        using var api = _server.CreateApiClient();
        var id = await PayLaterTranche.FaultedAsync(api, "dropBeforeCommit");
        var incident = await LastIncidentIdAsync(api, id, 1);
        (await api.PutAsync("/sandbox/faults", Api.Json(new { }))).Dispose();

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/incident/confirm-not-sent",
            Api.Json(new { reason = "CF: no tranche", then = "cancel" }))).StatusCode);
        await api.WaitForStatusAsync(id, "Cancelled");

        var entries = await AuditAsync(api, id);
        Assert.Equal(Data(incident, ",\"then\":\"cancel\""),
            Assert.Single(entries, e => e["action"]!.GetValue<string>() == "confirm-not-sent")["data"]!.ToJsonString());
        Assert.Equal(Data(incident, ",\"decision\":\"confirm-not-sent\""),
            Assert.Single(entries, e => e["action"]!.GetValue<string>() == "cancel")["data"]!.ToJsonString());
    }

    [Fact]
    public async Task ASkipARetryAndABulkRetry_NameTheStepAndTheIncident()
    {
        using var api = _server.CreateApiClient();
        // Scenario 0007 (the mobile number's last four digits): FinBox refuses the KYC once (GKD-E-000), and the journey stops at kyc.
        var skipped = await StartKycFailureAsync(api, "CUST-AUDIT-KYC-1", "9876540007");
        var retried = await StartKycFailureAsync(api, "CUST-AUDIT-KYC-2", "9876510007");
        var single = await StartKycFailureAsync(api, "CUST-AUDIT-KYC-3", "9876520007");
        var kind = (await api.WaitForStatusAsync(skipped, "Faulted"))["incident"]!["errorKind"]!.GetValue<string>();
        await api.WaitForStatusAsync(retried, "Faulted");
        await api.WaitForStatusAsync(single, "Faulted");
        var skippedIncident = await LastIncidentIdAsync(api, skipped, 1);
        var retriedIncident = await LastIncidentIdAsync(api, retried, 1);
        var singleIncident = await LastIncidentIdAsync(api, single, 1);

        // A single retry's reason stays optional (docs/api.md, "Operations"); given, it is kept with what the retry acted on.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{single}/incident/retry", Api.Json(new { reason = "FinBox KYC back" }))).StatusCode);
        var retry = Assert.Single(await AuditAsync(api, single), e => e["action"]!.GetValue<string>() == "retry");
        Assert.Equal((Data(singleIncident, "", "kyc", kind), "FinBox KYC back"), (retry["data"]!.ToJsonString(), retry["reason"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{skipped}/incident/skip",
            Api.Json(new { outcome = "Rejected", reason = "KYC refused by FinBox" }))).StatusCode);
        var bulk = await (await api.PostAsync("/api/instances/bulk/retry", Api.Json(new { ids = new[] { retried }, reason = "FinBox KYC back" }))).ReadObjectAsync();
        Assert.True(Assert.Single(bulk["results"]!.AsArray())!["ok"]!.GetValue<bool>());

        var skip = Assert.Single(await AuditAsync(api, skipped), e => e["action"]!.GetValue<string>() == "skip");
        Assert.Equal(Data(skippedIncident, ",\"outcome\":\"Rejected\"", "kyc", kind), skip["data"]!.ToJsonString());
        var bulkRetry = Assert.Single(await AuditAsync(api, retried), e => e["action"]!.GetValue<string>() == "bulk-retry");
        Assert.Equal(Data(retriedIncident, "", "kyc", kind), bulkRetry["data"]!.ToJsonString());
    }

    [Fact]
    public async Task AnErasuresCancelOfAFaultedJourney_NamesTheIncidentItEnded()
    {
        using var api = _server.CreateApiClient();
        // An erasure with cancelFirst cancels the borrower's faulted journey: its cancel entry names the incident the cancel
        // ended, as a plain cancel's does (session 46; before, it carried only "erasure": true).
        var faulted = await StartKycFailureAsync(api, "CUST-AUDIT-ERASE-1", "9876530007");
        var kind = (await api.WaitForStatusAsync(faulted, "Faulted"))["incident"]!["errorKind"]!.GetValue<string>();
        var incident = await LastIncidentIdAsync(api, faulted, 1);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/borrowers/CUST-AUDIT-ERASE-1/erasure",
            Api.Json(new { reason = "DPDP request 46", cancelFirst = true }))).StatusCode);

        var cancel = Assert.Single(await AuditAsync(api, faulted), e => e["action"]!.GetValue<string>() == "cancel");
        Assert.Equal(Data(incident, ",\"erasure\":true", "kyc", kind), cancel["data"]!.ToJsonString());
    }

    // The entry's data as the server writes it: the incident first, then the action's own fields.
    private static string Data(string incidentId, string own = "", string stepId = "tranche", string kind = "OutcomeUnknown") =>
        $$"""{"stepId":"{{stepId}}","incidentKind":"{{kind}}","incidentId":"{{incidentId}}"{{own}}}""";

    private static async Task<string> StartKycFailureAsync(HttpClient api, string customerId, string mobile)
    {
        var loan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        loan["customerId"] = customerId;
        loan["mobile"] = mobile;
        return await api.StartAsync("finbox-personal-loan", loan);
    }

    // The id of the journey's count-th incident (IncidentCreated in the journal), once it is raised and the journey faulted.
    private static async Task<string> LastIncidentIdAsync(HttpClient api, string id, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var journey = await api.GetInstanceAsync(id);
            var journal = await (await api.GetAsync($"/api/instances/{id}/journal?take=1000")).ReadObjectAsync();
            var raised = journal["items"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "IncidentCreated").ToList();
            if (raised.Count >= count && journey["status"]!.GetValue<string>() == "Faulted")
            {
                Assert.Equal(count, raised.Count);
                var incidentId = raised[^1]!["data"]!["incidentId"]!.GetValue<string>();

                // The journey's incident view carries the id its journal and audit entries name (session 46: it had none).
                Assert.Equal(incidentId, journey["incident"]!["id"]?.GetValue<string>());
                return incidentId;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"journey {id}: {raised.Count} incidents, {journey["status"]}; waiting for {count}");
            await Task.Delay(50);
        }
    }

    private static async Task<List<JsonNode>> AuditAsync(HttpClient api, string id) =>
        (await (await api.GetAsync($"/api/audit?instanceId={id}&take=1000")).ReadObjectAsync())["items"]!.AsArray().Select(e => e!).ToList();
}
