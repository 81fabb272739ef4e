using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// A publish changes what every new journey runs, so it says why (a required <c>reason</c>, kept in the audit trail with the
/// personal data it may quote masked, as every operator reason, and listed with each version); a save, import or publish refused because someone else changed the
/// draft names who did and when, so the author knows whom to talk to.
/// </summary>
public sealed partial class PublishReasonAndConflictTests : IDisposable
{
    private readonly ServerFactory _factory = new(TestPrincipals.Settings());
    private readonly HttpClient _designer;
    private readonly HttpClient _admin;

    public PublishReasonAndConflictTests()
    {
        _designer = _factory.CreateClient(TestPrincipals.KeyOf("Designer"));
        _admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
    }

    public void Dispose() => _factory.Dispose();

    private static string NewId() => "reason-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<long> CreateAsync(HttpClient author, string id)
    {
        var response = await author.PostAsync("/api/workflows", Api.Json(Definitions.Waiting(id, "V1").ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["revision"]!.GetValue<long>();
    }

    [Fact]
    public async Task APublishKeepsItsReasonInTheAuditTrail_WithTheMobileNumberItQuotesMasked()
    {
        var id = NewId();
        var revision = await CreateAsync(_designer, id);

        var published = await _designer.PostAsync($"/api/workflows/{id}/publish",
            Api.Json(new { expectedRevision = revision, reason = "  CR-1042: new review step, asked by the borrower on 9876543210  " }));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var audit = await (await _designer.GetAsync($"/api/audit?action=publish&workflowId={id}")).ReadObjectAsync();
        var entry = Assert.Single(audit["items"]!.AsArray())!;
        Assert.Equal("CR-1042: new review step, asked by the borrower on XXXXXX3210", entry["reason"]!.GetValue<string>());
        Assert.Equal(TestPrincipals.NameOf("Designer"), entry["principal"]!.GetValue<string>());
        Assert.Equal(1, entry["data"]!["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"expectedRevision":REV}""", "reason", "Required")]
    [InlineData("""{"expectedRevision":REV,"reason":"   "}""", "reason", "Required")]
    [InlineData("""{"expectedRevision":REV,"reason":null}""", "reason", "Required")]
    [InlineData("""{"expectedRevision":REV,"reason":42}""", "reason", "Must be a string")]
    [InlineData("""{"expectedRevision":REV,"reason":"LONG"}""", "reason", "At most 500 characters")]
    [InlineData("""{"expectedRevision":REV,"reason":"ok","reasn":"typo"}""", "reasn", "Unknown field")]
    public async Task APublishWithoutAUsableReason_IsAProblemNamingIt_AndPublishesNothing(string body, string field, string message)
    {
        var id = NewId();
        var revision = await CreateAsync(_designer, id);
        var json = body.Replace("REV", revision.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("LONG", new string('x', 501), StringComparison.Ordinal);

        var problem = await (await _designer.PostAsync($"/api/workflows/{id}/publish", Api.Json(json))).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.StartsWith(message, problem["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _designer.GetAsync($"/api/workflows/{id}/export")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await _designer.GetAsync($"/api/audit?action=publish&workflowId={id}")).ReadObjectAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ASaveThatConflicts_NamesWhoSavedTheDraftAndWhen()
    {
        var id = NewId();
        var opened = await CreateAsync(_designer, id);
        var theirs = await _admin.PutAsync($"/api/workflows/{id}/draft?expectedRevision={opened}", Api.Json(Definitions.Waiting(id, "Theirs").ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        var saved = await (await _designer.GetAsync($"/api/workflows/{id}/draft")).ReadObjectAsync();

        var mine = await _designer.PutAsync($"/api/workflows/{id}/draft?expectedRevision={opened}", Api.Json(Definitions.Waiting(id, "Mine").ToJsonString()));

        var problem = await mine.AssertProblemAsync(HttpStatusCode.Conflict, "expectedRevision");
        Assert.Equal("stale_revision", problem["code"]!.GetValue<string>());
        var admin = TestPrincipals.NameOf("Admin");
        Assert.Equal(admin, problem["savedBy"]!.GetValue<string>());
        Assert.Equal(saved["savedAt"]!.GetValue<DateTimeOffset>(), problem["savedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("save", problem["change"]!.GetValue<string>());
        var at = saved["savedAt"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{admin} saved it at {at} UTC", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublishOfADraftPublishedMeanwhile_NamesWhoPublishedIt()
    {
        var id = NewId();
        var opened = await CreateAsync(_designer, id);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = opened, reason = "first version" }))).StatusCode);
        var resaved = await (await _admin.PutAsync($"/api/workflows/{id}/draft", Api.Json(Definitions.Waiting(id, "V2").ToJsonString()))).ReadObjectAsync();

        var stale = await _designer.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = opened, reason = "mine" }));

        var problem = await stale.AssertProblemAsync(HttpStatusCode.Conflict, "expectedRevision");
        Assert.Equal(resaved["revision"]!.GetValue<long>(), problem["currentRevision"]!.GetValue<long>());
        Assert.Equal(TestPrincipals.NameOf("Admin"), problem["savedBy"]!.GetValue<string>());
        Assert.Contains($"{TestPrincipals.NameOf("Admin")} saved it at ", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
