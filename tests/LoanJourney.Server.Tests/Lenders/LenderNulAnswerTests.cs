using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Lenders;

/// <summary>
/// A lender's answer with a NUL (<c>\u0000</c>) in a string the step keeps, from a partner API on a real port, on a real PostgreSQL
/// (whose <c>text</c> refuses a NUL: 22021) and on SQLite. The API refuses a NUL in what it is sent (session 51); a lender's
/// answer never passes the API. Session 51: a verified reference and a refusal's reason with a NUL were kept (JSON columns hold the
/// escape), but a 401 whose message had one raised an incident whose plain-text message PostgreSQL refused, so the step's commit
/// failed and the runner ran the step, and its call, again every 5 s (12 handshakes in the minute the wait allows): the journey
/// stayed Running for ever, with no incident (SQLite stored the NUL). An incident's message is now stored with U+FFFD for a NUL
/// (<c>IncidentRecord</c>), on both stores; the journal keeps the lender's words exactly.
/// </summary>
public sealed class LenderNulAnswerTests : IAsyncLifetime
{
    private const string Nul = "\\u0000"; // as the lender writes it in its JSON

    private readonly PostgresServer _postgres = new();
    private PartnerApiReceiver _partner = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _partner = await PartnerApiReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _partner.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task ALenderAnswerWithANul_IsKept_TheJourneyGoesOn_AndEveryReadAnswers(string store)
    {
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partner:BaseUrl"] = _partner.BaseUrl.AbsoluteUri;
        settings["Lenders:Partner:Authorization"] = "team-secret";
        if (store == "Postgres")
        {
            settings["Storage:Provider"] = "Postgres";
            settings["ConnectionStrings:LoanJourney"] = await _postgres.CreateSchemaAsync();
        }

        using var server = new ServerFactory(settings);
        using var api = server.CreateApiClient();

        // Verified, with a NUL in the reference the step keeps and the next step sends back: sent back exactly as the partner wrote it.
        _partner.Answer = path => path.EndsWith("handshake/token", StringComparison.Ordinal)
            ? (200, $$"""{"status":"1","msg":"ok{{Nul}}","handshake_id":"hs","verified_customer_ref_id":"VER-a{{Nul}}b"}""")
            : null;
        var verified = await api.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-V"));
        Assert.Equal("Disbursed", (await api.WaitForStatusAsync(verified, "Completed"))["outcome"]!.GetValue<string>());
        var share = _partner.Received.Single(r => r.Body["x_partner_token"]?.GetValue<string>() == "TOK-V");
        Assert.Equal("VER-a\0b", share.Body["verified_customer_ref_id"]!.GetValue<string>());
        await AssertEveryReadAnswersAsync(api, verified);

        // Refused, with a NUL in the reason the step keeps.
        _partner.Answer = _ => (200, $$"""{"status":"-1","msg":"no{{Nul}}pe"}""");
        var refused = await api.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-R"));
        Assert.Equal("Rejected", (await api.WaitForStatusAsync(refused, "Completed"))["outcome"]!.GetValue<string>());
        // The journal's record of the call keeps the lender's words, the NUL as JSON writes one.
        Assert.Contains(await JournalAsync(api, refused),
            e => e["kind"]!.GetValue<string>() == "LenderCall" && e.ToJsonString().Contains("no\\u0000pe", StringComparison.Ordinal));
        await AssertEveryReadAnswersAsync(api, refused);

        // Our key refused, in words with a NUL: an incident at once, its message with U+FFFD, the journal with the lender's words.
        _partner.Answer = _ => (401, $$"""{"status":"-1","msg":"bad{{Nul}}key"}""");
        var misconfigured = await api.StartAsync("test-partner-outbound", PartnerOutbound.Input("TOK-M"));
        var faulted = await api.WaitForStatusAsync(misconfigured, "Faulted");
        var incident = faulted["incident"]!;
        Assert.Equal("PartnerApiMisconfigured", incident["errorKind"]!.GetValue<string>());
        Assert.Contains("(-1: bad\uFFFDkey)", incident["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Asked once: before, the failed commit ran the step again every few seconds, and the partner was asked each time.
        Assert.Single(_partner.Received, r => r.Path == "/handshake/token" && r.Body["captured_customer_ref_id"]?.GetValue<string>() == "CAP-TOK-M");
        var failed = (await JournalAsync(api, misconfigured)).Single(e => e["kind"]!.GetValue<string>() == "StepFaulted");
        Assert.Contains("(-1: bad\0key)", failed["data"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertEveryReadAnswersAsync(api, misconfigured);

        // The key is fixed: the operator's retry takes the journey on.
        _partner.Answer = null;
        using (var retry = await api.PostAsync($"/api/instances/{misconfigured}/incident/retry", Api.Json(new { reason = "key fixed" })))
        {
            Assert.True(retry.IsSuccessStatusCode, $"retry answered {(int)retry.StatusCode}: {await retry.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("Disbursed", (await api.WaitForStatusAsync(misconfigured, "Completed"))["outcome"]!.GetValue<string>());
        await AssertEveryReadAnswersAsync(api, misconfigured);
    }

    private static async Task<List<JsonNode>> JournalAsync(HttpClient api, string id) =>
        (await (await api.GetAsync($"/api/instances/{id}/journal")).ReadObjectAsync())["items"]!.AsArray().Select(e => e!).ToList();

    // What the Studio reads of the journey and beside it: the journey, its journal, the lists, the dashboard, the audit trail.
    private static async Task AssertEveryReadAnswersAsync(HttpClient api, string id)
    {
        const string Workflow = "workflowId=test-partner-outbound";
        foreach (var path in (string[])[
                     $"/api/instances/{id}", $"/api/instances/{id}/journal", $"/api/instances?{Workflow}", "/api/instances?status=Faulted",
                     $"/api/dashboard/funnel?{Workflow}", $"/api/dashboard/stuck/faulted?{Workflow}", $"/api/dashboard/stuck/waiting?{Workflow}",
                     "/api/audit", "/api/audit/export"])
        {
            using var response = await api.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await response.Content.ReadAsStringAsync();
        }
    }
}
