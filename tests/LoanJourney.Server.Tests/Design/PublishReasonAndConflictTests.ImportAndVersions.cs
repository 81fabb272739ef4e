using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

// An import takes expectedRevision as a draft save does, so a draft saved after the importer looked is refused with who
// saved it instead of replaced; the version list says who published each version, when and why.
public sealed partial class PublishReasonAndConflictTests
{
    // Definitions.Waiting's second argument is the end step's outcome: it tells the drafts apart.
    private async Task<string> DraftOutcomeAsync(string id) =>
        (await (await _designer.GetAsync($"/api/workflows/{id}/draft")).ReadObjectAsync())["definition"]!["steps"]![1]!["inputs"]!["outcome"]!.GetValue<string>();

    [Fact]
    public async Task AnImportOnARevisionSavedOverMeanwhile_IsRefusedNamingWhoSavedIt_AndTheirDraftStays()
    {
        var id = NewId();
        var looked = await CreateAsync(_designer, id);
        var theirs = await (await _admin.PutAsync($"/api/workflows/{id}/draft?expectedRevision={looked}", Api.Json(Definitions.Waiting(id, "Theirs").ToJsonString()))).ReadObjectAsync();

        var import = await _designer.PostAsync($"/api/workflows/import?expectedRevision={looked}", Api.Json(Definitions.Waiting(id, "Imported").ToJsonString()));

        var problem = await import.AssertProblemAsync(HttpStatusCode.Conflict, "expectedRevision");
        Assert.Equal("stale_revision", problem["code"]!.GetValue<string>());
        Assert.Equal(theirs["revision"]!.GetValue<long>(), problem["currentRevision"]!.GetValue<long>());
        Assert.Equal(TestPrincipals.NameOf("Admin"), problem["savedBy"]!.GetValue<string>());
        Assert.Equal("save", problem["change"]!.GetValue<string>());
        Assert.Contains($"{TestPrincipals.NameOf("Admin")} saved it at ", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Theirs", await DraftOutcomeAsync(id));

        var again = await _designer.PostAsync($"/api/workflows/import?expectedRevision={theirs["revision"]}", Api.Json(Definitions.Waiting(id, "Imported").ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("Imported", await DraftOutcomeAsync(id));
    }

    [Fact]
    public async Task AnImportExpectingNoDraft_CreatesANewWorkflow_AndIsRefusedOnceADraftExists()
    {
        var id = NewId();
        Assert.Equal(HttpStatusCode.Created, (await _designer.PostAsync("/api/workflows/import?expectedRevision=0", Api.Json(Definitions.Waiting(id, "First").ToJsonString()))).StatusCode);

        var second = await _admin.PostAsync("/api/workflows/import?expectedRevision=0", Api.Json(Definitions.Waiting(id, "Second").ToJsonString()));

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict, "expectedRevision");
        Assert.Equal(TestPrincipals.NameOf("Designer"), problem["savedBy"]!.GetValue<string>());
        Assert.Equal("import", problem["change"]!.GetValue<string>());
        Assert.Equal("First", await DraftOutcomeAsync(id));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    public async Task AnImportWithAnExpectedRevisionThatIsNotAWholeNumber_IsAProblemNamingIt_AndImportsNothing(string value)
    {
        var id = NewId();

        var response = await _designer.PostAsync($"/api/workflows/import?expectedRevision={value}", Api.Json(Definitions.Waiting(id, "V1").ToJsonString()));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "expectedRevision");
        await (await _designer.GetAsync($"/api/workflows/{id}/draft")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheVersionListNamesWhoPublishedEachVersionWhenAndWhy_WithAMobileNumberInTheReasonMasked()
    {
        var id = NewId();
        var first = await CreateAsync(_designer, id);
        Assert.Equal(HttpStatusCode.OK, (await _designer.PostAsync($"/api/workflows/{id}/publish",
            Api.Json(new { expectedRevision = first, reason = "CR-7: first cut, asked by the borrower on 9876543210" }))).StatusCode);
        var second = await (await _admin.PutAsync($"/api/workflows/{id}/draft", Api.Json(Definitions.Waiting(id, "V2").ToJsonString()))).ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/workflows/{id}/publish",
            Api.Json(new { expectedRevision = second["revision"]!.GetValue<long>(), reason = "CR-8: new title" }))).StatusCode);

        var list = await (await _designer.GetAsync($"/api/workflows/{id}/versions")).ReadObjectAsync();

        Assert.Equal(id, list["id"]!.GetValue<string>());
        var items = list["items"]!.AsArray();
        Assert.Equal([1, 2], items.Select(i => i!["version"]!.GetValue<int>()));
        Assert.Equal(TestPrincipals.NameOf("Designer"), items[0]!["publishedBy"]!.GetValue<string>());
        Assert.Equal("CR-7: first cut, asked by the borrower on XXXXXX3210", items[0]!["reason"]!.GetValue<string>());
        Assert.Equal(TestPrincipals.NameOf("Admin"), items[1]!["publishedBy"]!.GetValue<string>());
        Assert.Equal("CR-8: new title", items[1]!["reason"]!.GetValue<string>());
        Assert.True(items[0]!["publishedAt"]!.GetValue<DateTimeOffset>() <= items[1]!["publishedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task TheVersionListOfAWorkflowWithOnlyADraftIsEmpty_AndOfAnUnknownOneIsNotFound()
    {
        var id = NewId();
        await CreateAsync(_designer, id);

        var list = await (await _designer.GetAsync($"/api/workflows/{id}/versions")).ReadObjectAsync();

        Assert.Empty(list["items"]!.AsArray());
        var problem = await (await _designer.GetAsync($"/api/workflows/{NewId()}/versions")).AssertProblemAsync(HttpStatusCode.NotFound, "id");
        Assert.Equal("workflow_not_found", problem["code"]!.GetValue<string>());
    }
}
