using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// A sample start input saved from the designer (<c>PUT /api/workflows/{id}/sample</c>, session 43): kept per workflow in the
/// store, checked against the declared inputs on save (400 naming the field) and when served (422 <c>sample_outdated</c>),
/// served before <c>workflows/samples/{id}.json</c>, a Designer's to change, audited with the sample masked.
/// </summary>
public sealed class StoredSampleTests : IDisposable
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "lj-sample-logs-" + Guid.NewGuid().ToString("N"));
    private readonly ServerFactory _factory;
    private readonly HttpClient _designer;

    public StoredSampleTests()
    {
        var settings = TestPrincipals.Settings();
        settings["Serilog:File:Path"] = Path.Combine(_logs, "server-.json");
        _factory = new ServerFactory(settings);
        _designer = _factory.CreateClient(TestPrincipals.KeyOf("Designer"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, recursive: true);
        }
    }

    private static string NewId() => "sample-" + Guid.NewGuid().ToString("N")[..10];

    private async Task CreateAsync(string id, JsonObject? definition = null)
    {
        var response = await _designer.PostAsync("/api/workflows", Api.Json((definition ?? Definitions.Waiting(id, "Done")).ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static JsonObject WithAmount(string id)
    {
        var definition = Definitions.Waiting(id, "Done");
        definition["input"]!.AsArray().Add(new JsonObject { ["name"] = "amount", ["type"] = "Number", ["required"] = true });
        return definition;
    }

    [Fact]
    public async Task ASavedSampleIsServedBeforeTheFile_AndRemovingItServesTheFileAgain()
    {
        // A workflow made in the Studio under the id of a sample file (workflows/samples/finbox-personal-loan.json).
        const string Id = "finbox-personal-loan";
        await CreateAsync(Id, Definitions.Waiting(Id, "Done"));
        var mine = new JsonObject { ["customerId"] = "CUST-STORED-1" };

        var saved = await _designer.PutAsync($"/api/workflows/{Id}/sample", Api.Json(mine.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = await saved.ReadObjectAsync();
        Assert.Equal(TestPrincipals.NameOf("Designer"), view["savedBy"]!.GetValue<string>());
        Assert.Equal("the draft", view["checkedAgainst"]!.GetValue<string>());

        using var served = await _designer.GetAsync($"/api/workflows/{Id}/sample?ifExists=true");
        Assert.Equal("store", Assert.Single(served.Headers.GetValues("Sample-Source")));
        Assert.Equal("CUST-STORED-1", (await served.ReadObjectAsync())["customerId"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await _designer.DeleteAsync($"/api/workflows/{Id}/sample")).StatusCode);
        using var again = await _designer.GetAsync($"/api/workflows/{Id}/sample?ifExists=true");
        Assert.Equal("file", Assert.Single(again.Headers.GetValues("Sample-Source")));
        Assert.Equal("CUST-DEMO-PL-1", (await again.ReadObjectAsync())["customerId"]!.GetValue<string>());
        await (await _designer.DeleteAsync($"/api/workflows/{Id}/sample")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASavedSampleIsAudited_AndInTheHistory_WithItsMobileAndPanMaskedInTheAuditAndNowhereInTheLog()
    {
        var id = NewId();
        // A sample fits the declared inputs only (session 44: undeclared fields are refused), so the borrower's are declared.
        var definition = Definitions.Waiting(id, "Done");
        definition["input"]!.AsArray().Add(new JsonObject { ["name"] = "mobile", ["type"] = "String" });
        definition["input"]!.AsArray().Add(new JsonObject { ["name"] = "pan", ["type"] = "String" });
        await CreateAsync(id, definition);

        var saved = await _designer.PutAsync($"/api/workflows/{id}/sample",
            Api.Json("""{"customerId":"CUST-1","mobile":"9876543210","pan":"ABCDE1234F"}"""));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var audit = await (await _designer.GetAsync($"/api/audit?action=sample-save&workflowId={id}")).ReadObjectAsync();
        var entry = Assert.Single(audit["items"]!.AsArray())!;
        Assert.Equal(TestPrincipals.NameOf("Designer"), entry["principal"]!.GetValue<string>());
        Assert.Equal(["customerId", "mobile", "pan"], entry["data"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("XXXXXX3210", entry["data"]!["sample"]!["mobile"]!.GetValue<string>());
        Assert.DoesNotContain("ABCDE1234F", entry.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", entry.ToJsonString(), StringComparison.Ordinal);

        var history = await (await _designer.GetAsync($"/api/workflows/{id}/history")).ReadObjectAsync();
        var last = history["items"]!.AsArray()[^1]!;
        Assert.Equal("sample", last["action"]!.GetValue<string>());
        Assert.Equal(TestPrincipals.NameOf("Designer"), last["author"]!.GetValue<string>());

        var logs = await LogFiles.ReadAsync(_logs);
        Assert.Contains("sample-save", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("9876543210", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("ABCDE1234F", logs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"amount":5000}""", "customerId")]
    [InlineData("""{"customerId":"CUST-1","amount":"lots"}""", "amount")]
    [InlineData("""{"customerId":"CUST-1","amount":5000,"mobile":"12345"}""", "mobile")]
    public async Task ASampleThatDoesNotFitTheDraftsInputs_Is400NamingTheField_AndNothingIsSaved(string sample, string field)
    {
        var id = NewId();
        await CreateAsync(id, WithAmount(id));

        var problem = await (await _designer.PutAsync($"/api/workflows/{id}/sample", Api.Json(sample))).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Contains(field, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("..", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal); // one full stop per sentence
        Assert.Equal(HttpStatusCode.NoContent, (await _designer.GetAsync($"/api/workflows/{id}/sample?ifExists=true")).StatusCode);
        Assert.Equal(0, (await (await _designer.GetAsync($"/api/audit?action=sample-save&workflowId={id}")).ReadObjectAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ASampleTheDraftNoLongerFits_IsReportedNamingTheField_NotServed_AndPublishingKeepsIt()
    {
        var id = NewId();
        await CreateAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await _designer.PutAsync($"/api/workflows/{id}/sample", Api.Json("""{"customerId":"CUST-1"}"""))).StatusCode);
        var draft = await (await _designer.GetAsync($"/api/workflows/{id}/draft")).ReadObjectAsync();

        // The draft now requires an amount the sample does not have.
        var edited = await _designer.PutAsync($"/api/workflows/{id}/draft?expectedRevision={draft["revision"]}", Api.Json(WithAmount(id).ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var problem = await (await _designer.GetAsync($"/api/workflows/{id}/sample?ifExists=true&for=draft")).AssertProblemAsync((HttpStatusCode)422, "amount");
        Assert.Equal("sample_outdated", problem["code"]!.GetValue<string>());
        Assert.Contains("the draft", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Saving a sample that fits again is served; publishing the draft keeps it (a sample is the workflow's, not a version's).
        Assert.Equal(HttpStatusCode.OK, (await _designer.PutAsync($"/api/workflows/{id}/sample", Api.Json("""{"customerId":"CUST-1","amount":5000}"""))).StatusCode);
        var revision = (await (await _designer.GetAsync($"/api/workflows/{id}/draft")).ReadObjectAsync())["revision"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await _designer.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "sample test" }))).StatusCode);
        var served = await (await _designer.GetAsync($"/api/workflows/{id}/sample?ifExists=true")).ReadObjectAsync();
        Assert.Equal(5000, served["amount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Operator")]
    public async Task OnlyWhoMayEditDraftsMaySaveOrRemoveASample(string role)
    {
        var id = NewId();
        await CreateAsync(id);
        using var client = _factory.CreateClient(TestPrincipals.KeyOf(role));

        await (await client.PutAsync($"/api/workflows/{id}/sample", Api.Json("""{"customerId":"CUST-1"}"""))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"/api/workflows/{id}/sample")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync($"/api/workflows/{id}/sample?ifExists=true")).StatusCode);
    }

    [Fact]
    public async Task ASampleForAWorkflowThatDoesNotExist_Is404()
    {
        var problem = await (await _designer.PutAsync("/api/workflows/no-such-workflow/sample", Api.Json("""{"customerId":"CUST-1"}"""))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("workflow_not_found", problem["code"]!.GetValue<string>());
    }
}
