using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>The designer's layout over real HTTP: saved with the draft, kept by publish and export, outside the content hash.</summary>
public sealed class LayoutDesignTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private readonly HttpClient _api = server.CreateApiClient();

    private static string NewId() => "layout-" + Guid.NewGuid().ToString("N")[..10];

    private static JsonObject LaidOut(string id, double reviewX, string extra = "")
    {
        var definition = Definitions.Waiting(id, "Done");
        definition["layout"] = JsonNode.Parse($$"""{ "review": { "x": {{reviewX}}, "y": 0 }, "end": { "x": 0, "y": 140 }{{extra}} }""");
        return definition;
    }

    private async Task<long> SaveAsync(string id, JsonObject definition, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = expected == HttpStatusCode.Created
            ? await _api.PostAsync("/api/workflows", Api.Json(definition.ToJsonString()))
            : await _api.PutAsync($"/api/workflows/{id}/draft", Api.Json(definition.ToJsonString()));
        Assert.Equal(expected, response.StatusCode);
        return (await response.ReadObjectAsync())["revision"]!.GetValue<long>();
    }

    private async Task<JsonObject> PublishAsync(string id, long revision)
    {
        var response = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "test publish" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    // A draft carries the definition under "definition"; the definition view and the exported file at the top.
    private async Task<double> ReviewXAsync(string url)
    {
        var body = JsonNode.Parse(await _api.GetStringAsync(url))!;
        return (url.EndsWith("/draft", StringComparison.Ordinal) ? body["definition"]! : body)["layout"]!["review"]!["x"]!.GetValue<double>();
    }

    [Fact]
    public async Task TheLayoutIsSavedPublishedAndExported_AndAMoveAlonePublishesNoVersionButKeepsTheNewArrangement()
    {
        var id = NewId();
        var first = await PublishAsync(id, await SaveAsync(id, LaidOut(id, 10), HttpStatusCode.Created));
        Assert.Equal(10, await ReviewXAsync($"/api/workflows/{id}/export"));
        Assert.Equal(10, await ReviewXAsync($"/api/workflows/{id}?version=1"));
        var journey = await _api.PostAsync($"/api/workflows/{id}/instances", Api.Json(new { customerId = "CUST-1" }));
        Assert.Equal(HttpStatusCode.Accepted, journey.StatusCode);

        var moved = await SaveAsync(id, LaidOut(id, 420));
        Assert.Equal(420, await ReviewXAsync($"/api/workflows/{id}/draft"));
        var again = await PublishAsync(id, moved);

        Assert.Equal((1, true, true, first["contentHash"]!.GetValue<string>()),
            (again["version"]!.GetValue<int>(), again["unchanged"]!.GetValue<bool>(), again["layoutUpdated"]!.GetValue<bool>(), again["contentHash"]!.GetValue<string>()));
        Assert.Equal(420, await ReviewXAsync($"/api/workflows/{id}"));
        Assert.Equal(420, await ReviewXAsync($"/api/workflows/{id}/export?version=1"));
        var history = (await (await _api.GetAsync($"/api/workflows/{id}/history")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(["create", "publish", "save", "publish"], history.Select(h => h!["action"]!.GetValue<string>()));
        foreach (var entry in history.Skip(2))
        {
            var changes = entry!["changes"]!;
            Assert.Equal((0, false, true), (changes["changed"]!.AsArray().Count, changes["definitionChanged"]!.GetValue<bool>(), changes["layoutChanged"]!.GetValue<bool>()));
        }

        // The exported file imports back as the same version, arrangement included.
        var file = await _api.GetStringAsync($"/api/workflows/{id}/export");
        var imported = await _api.PostAsync("/api/workflows/import", Api.Json(file));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(420, await ReviewXAsync($"/api/workflows/{id}/draft"));
    }

    [Fact]
    public async Task APositionOfAStepTheDraftDoesNotHaveIsDroppedOnSave_AndTheDraftStaysValid()
    {
        var id = NewId();
        await SaveAsync(id, LaidOut(id, 10, """, "renamedAway": { "x": 5, "y": 5 }"""), HttpStatusCode.Created);

        var draft = await (await _api.GetAsync($"/api/workflows/{id}/draft")).ReadObjectAsync();

        Assert.True(draft["valid"]!.GetValue<bool>());
        Assert.Equal(["review", "end"], draft["definition"]!["layout"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task APositionOfTheWrongTypeIsAnErrorNamingTheField_AndThePublishOfItA422()
    {
        var id = NewId();
        var wrong = LaidOut(id, 10);
        wrong["layout"]!["review"]!["x"] = "left";

        var revision = await SaveAsync(id, wrong, HttpStatusCode.Created);
        var validation = await (await _api.PostAsync($"/api/workflows/{id}/validate", Api.Json(wrong.ToJsonString()))).ReadObjectAsync();
        var refused = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = revision, reason = "test publish" }));

        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "layout.review.x");
        var error = Assert.Single(validation["errors"]!.AsArray());
        Assert.Equal("layout.review.x", error!["field"]!.GetValue<string>());
        Assert.Contains("a number", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
