using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Audit;

/// <summary>GET /api/audit/export: the list's filters as a CSV or NDJSON file, streamed in keyset pages, Auditor or Admin, itself audited.</summary>
public sealed class AuditExportTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    // Pages of 2 entries: every export of more than 2 rows crosses a page boundary. The store is observed (AuditReads).
    private readonly ServerFactory _factory;

    // Every audit read the server's store answered: the query it was given and the Total it answered (-1: no count ran).
    private readonly ConcurrentQueue<(AuditQuery Query, long Total)> _auditReads = new();

    public AuditExportTests() =>
        _factory = new(new Dictionary<string, string?>(TestPrincipals.Settings()) { ["Server:AuditExportPageSize"] = "2" },
            configureServices: services =>
            {
                var registered = services.Last(d => d.ServiceType == typeof(IWorkflowStore));
                services.Remove(registered);
                services.AddSingleton(sp => AuditReadsObserved.Wrap((IWorkflowStore)registered.ImplementationFactory!(sp), _auditReads));
            });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task CsvQuotesAsRfc4180AndNeutralisesFormulasInTextCells()
    {
        string[] reasons = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a,b \"c\"\nd", "plain"];
        for (var i = 0; i < reasons.Length; i++)
        {
            await RecordAsync(new AuditEntry(0, Day.AddMinutes(i), "ops-priya", AuditActions.Retry, "wf", $"J{i}", reasons[i], i == 0 ? "{\"outcome\":\"x\"}" : null));
        }

        var response = await Admin().GetAsync("/api/audit/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("seq,at,principal,action,workflowId,instanceId,reason,data,clientAddress,authMethod,authId,userAgent\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",ops-priya,retry,wf,J7,plain,,,,,\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",\"a,b \"\"c\"\"\nd\",,,,,\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"{\"\"outcome\"\":\"\"x\"\"}\",,,,\r\n", text, StringComparison.Ordinal);
        foreach (var formula in new[] { "+1", "-2", "@SUM(A1)", "\tx", "\rx" })
        {
            Assert.Contains($",\"'{formula}\",", text, StringComparison.Ordinal);
        }

        // Numbers and times are not text: '-' in the time's offset or a number is left alone. The time is the JSON list's
        // text (session 42 wrote 2026-11-02T00:07:00.0000000+00:00).
        Assert.Contains("\r\n8,2026-11-02T00:07:00+00:00,ops-priya,", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NdjsonLinesAreTheListsEntries_FilteredAsTheListFilters_InAFileNamedForThePeriod()
    {
        await RecordAsync(new AuditEntry(0, Day.AddDays(-1), "ops-priya", AuditActions.Retry, "wf", "J-before", "too early", null));
        await RecordAsync(new AuditEntry(0, Day.AddHours(1), "ops-priya", AuditActions.Retry, "wf", "J-in", "lender back up", "{\"n\":1}"));
        await RecordAsync(new AuditEntry(0, Day.AddHours(2), "ops-raj", AuditActions.Retry, "wf", "J-other", "other principal", null));
        await RecordAsync(new AuditEntry(0, Day.AddHours(3), "ops-priya", AuditActions.Cancel, "wf", "J-cancel", "other action", null));
        await RecordAsync(new AuditEntry(0, Day.AddDays(1), "ops-priya", AuditActions.Retry, "wf", "J-after", "too late", null));
        const string filters = "from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z&principal=ops-priya&action=retry";

        var response = await Admin().GetAsync($"/api/audit/export?{filters}&format=ndjson");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("audit_2026-11-02_to_2026-11-03.ndjson", response.Content.Headers.ContentDisposition?.FileNameStar);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var list = JsonNode.Parse(await Admin().GetStringAsync($"/api/audit?{filters}"))!["items"]!.AsArray();
        Assert.Equal(["J-in"], lines.Select(l => JsonNode.Parse(l)!["instanceId"]!.GetValue<string>()));
        Assert.Equal(list.Select(e => e!.ToJsonString()), lines.Select(l => JsonNode.Parse(l)!.ToJsonString()));
    }

    [Fact]
    public async Task AnExportLongerThanOnePage_IsNewestFirst_EachEntryOnce_AndRecordsItself()
    {
        for (var i = 0; i < 7; i++)
        {
            await RecordAsync(new AuditEntry(0, Day.AddMinutes(i), "ops-priya", AuditActions.Retry, "wf", $"J{i}", null, null));
        }

        var text = await Admin().GetStringAsync("/api/audit/export?action=retry");

        var ids = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[5]).ToList();
        Assert.Equal(["J6", "J5", "J4", "J3", "J2", "J1", "J0"], ids);

        var line = Assert.Single(JsonNode.Parse(await Admin().GetStringAsync("/api/audit?action=audit-export"))!["items"]!.AsArray())!;
        Assert.Equal(TestPrincipals.NameOf("Admin"), line["principal"]!.GetValue<string>());
        Assert.Null(line["instanceId"]);
        Assert.Equal("""{"format":"csv","filters":{"action":"retry"},"rows":7,"complete":true}""", line["data"]!.ToJsonString());

        // The export's own line is in the next export, after the one that wrote it.
        var again = await Admin().GetStringAsync("/api/audit/export?format=ndjson");
        Assert.Equal("audit-export", JsonNode.Parse(again.Split('\n')[0])!["action"]!.GetValue<string>());
    }

    // The export asks for no count (AuditQuery.CountTotal = false): the list's COUNT(*) ran once per keyset page, ~100 counts
    // for 100,000 entries, to be thrown away. Observed at the store, through the server: every page of a 7-row export (4 pages
    // of 2) reaches it uncounted and is answered without a count (Total -1, which only a skipped count gives). The list
    // still counts.
    [Fact]
    public async Task AnExportOfManyPages_RunsNoCount_ThroughTheServer()
    {
        for (var i = 0; i < 7; i++)
        {
            await RecordAsync(new AuditEntry(0, Day.AddMinutes(i), "ops-priya", AuditActions.Retry, "wf", $"J{i}", null, null));
        }

        _auditReads.Clear();
        var text = await Admin().GetStringAsync("/api/audit/export?action=retry");
        var exportReads = _auditReads.ToList();

        Assert.Equal(8, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(4, exportReads.Count);
        Assert.All(exportReads, r => Assert.False(r.Query.CountTotal));
        Assert.All(exportReads, r => Assert.Equal(-1, r.Total));

        _auditReads.Clear();
        var list = JsonNode.Parse(await Admin().GetStringAsync("/api/audit?action=retry"))!;
        Assert.Equal(7, list["total"]!.GetValue<long>());
        Assert.True(Assert.Single(_auditReads).Query.CountTotal);
    }

    // Session 46: the export needs Auditor (Admin holds it). A compliance officer who files the trail with an inspector
    // was given Admin, which also erases borrowers and abandons journeys.
    [Theory]
    [InlineData("Viewer")]
    [InlineData("Operator")]
    [InlineData("Designer")]
    public async Task OnlyAnAuditorOrAnAdminExports(string role)
    {
        await RecordAsync(new AuditEntry(0, Day, "ops-priya", AuditActions.Retry, "wf", "J0", null, null));

        var problem = await (await _factory.CreateClient(TestPrincipals.KeyOf(role)).GetAsync("/api/audit/export")).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("Auditor", problem["requiredRole"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await Admin().GetStringAsync("/api/audit?action=audit-export"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task AnAuditorExportsTheTrail_AndTheExportNamesThem_ButMayChangeNothing()
    {
        await RecordAsync(new AuditEntry(0, Day, "ops-priya", AuditActions.Retry, "wf", "J0", "lender back up", null));
        var auditor = _factory.CreateClient(TestPrincipals.KeyOf("Auditor"));

        var text = await auditor.GetStringAsync("/api/audit/export?action=retry");

        Assert.Contains(",ops-priya,retry,wf,J0,lender back up,", text, StringComparison.Ordinal);
        var line = Assert.Single(JsonNode.Parse(await auditor.GetStringAsync("/api/audit?action=audit-export"))!["items"]!.AsArray())!;
        Assert.Equal(TestPrincipals.NameOf("Auditor"), line["principal"]!.GetValue<string>());
        // Read-only beside the trail: no repair, no erasure, no publish (RoleMatrixTests checks every endpoint).
        await (await auditor.PostAsync("/api/instances/J0/cancel", Api.Json(new { reason = "x" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.PostAsync("/api/borrowers/CUST-1/erasure", Api.Json(new { reason = "x" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    // "Every change to live journey definitions and every manual repair in Q3": one request, several actions, repeated or
    // comma-separated, the list and the export alike (session 46: one action per request, and '?action=publish,retry' a 400).
    [Fact]
    public async Task SeveralActions_RepeatedOrCommaSeparated_SelectAnyOfThem_InTheListAndTheExport()
    {
        await RecordAsync(new AuditEntry(0, Day.AddMinutes(1), "dana-designer", AuditActions.Publish, "wf", null, "v2", null));
        await RecordAsync(new AuditEntry(0, Day.AddMinutes(2), "ops-priya", AuditActions.Start, "wf", "J-start", null, null));
        await RecordAsync(new AuditEntry(0, Day.AddMinutes(3), "ops-priya", AuditActions.Retry, "wf", "J-retry", "lender back up", null));
        await RecordAsync(new AuditEntry(0, Day.AddMinutes(4), "ops-priya", AuditActions.Skip, "wf", "J-skip", "done by hand", null));
        await RecordAsync(new AuditEntry(0, Day.AddMinutes(5), "ops-priya", AuditActions.Signal, "wf", "J-signal", null, null));

        foreach (var query in new[] { "action=publish,retry,skip", "action=publish&action=RETRY&action=skip", "action=publish,retry&action=skip,retry" })
        {
            var list = JsonNode.Parse(await Admin().GetStringAsync($"/api/audit?{query}"))!;
            Assert.Equal(["skip", "retry", "publish"], list["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
            Assert.Equal(3, list["total"]!.GetValue<long>());

            var csv = await Admin().GetStringAsync($"/api/audit/export?{query}");
            Assert.Equal(["skip", "retry", "publish"], csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[3]));
        }

        var exported = JsonNode.Parse(await Admin().GetStringAsync("/api/audit?action=audit-export&take=1"))!["items"]![0]!;
        Assert.Equal("publish,retry,skip", exported["data"]!["filters"]!["action"]!.GetValue<string>());
        await (await Admin().GetAsync("/api/audit?action=publish,delete")).AssertProblemAsync(HttpStatusCode.BadRequest, "action");
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z", "to")]
    [InlineData("action=delete", "action")]
    [InlineData("format=xlsx", "format")]
    [InlineData("form=2026-11-02T00:00:00Z", "form")] // a misspelt filter would export the whole trail
    [InlineData("take=10", "take")] // the list's paging is not the export's
    public async Task BadInputIsA400NamingTheField(string query, string field) =>
        await (await Admin().GetAsync($"/api/audit/export?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, field);

    private HttpClient Admin() => _factory.CreateClient(TestPrincipals.KeyOf("Admin"));

    private Task RecordAsync(AuditEntry entry)
    {
        _ = _factory.Server; // started, so its services exist
        return _factory.Services.GetRequiredService<IWorkflowClient>().RecordAuditAsync(entry);
    }

    /// <summary>The server's store, each <c>QueryAuditAsync</c> it answers written down (its query and the Total it answered).</summary>
    public class AuditReadsObserved : DispatchProxy
    {
        private IWorkflowStore _inner = null!;
        private ConcurrentQueue<(AuditQuery, long)> _reads = null!;

        public static IWorkflowStore Wrap(IWorkflowStore inner, ConcurrentQueue<(AuditQuery, long)> reads)
        {
            var proxy = Create<IWorkflowStore, AuditReadsObserved>();
            var observed = (AuditReadsObserved)(object)proxy;
            observed._inner = inner;
            observed._reads = reads;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(_inner, args);
            return targetMethod.Name == nameof(IWorkflowStore.QueryAuditAsync) ? Observe((AuditQuery)args![0]!, (Task<PagedResult<AuditEntry>>)result!) : result;
        }

        private async Task<PagedResult<AuditEntry>> Observe(AuditQuery query, Task<PagedResult<AuditEntry>> answer)
        {
            var page = await answer;
            _reads.Enqueue((query, page.Total));
            return page;
        }
    }
}
