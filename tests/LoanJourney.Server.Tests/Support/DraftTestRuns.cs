using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Server.Tests.Support;

/// <summary>The draft test-run calls the test-run tests share: a shipped definition imported as the draft, and a run's results by scenario.</summary>
public static class DraftTestRuns
{
    /// <summary>
    /// The shipped definition (the test project's <c>Fixtures</c> copy of <c>workflows/{id}.json</c>; it has comments, the API takes
    /// plain JSON) imported as the workflow's draft. With <paramref name="draftMayExist"/> a draft an earlier test saved is kept (409).
    /// </summary>
    public static async Task ImportShippedAsync(HttpClient api, string workflowId, bool draftMayExist = false)
    {
        var file = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", workflowId + ".json"));
        var definition = JsonNode.Parse(file, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var imported = await api.PostAsync("/api/workflows/import", Api.Json(definition.ToJsonString()));
        Assert.True(imported.StatusCode == HttpStatusCode.Created || (draftMayExist && imported.StatusCode == HttpStatusCode.Conflict),
            await imported.Content.ReadAsStringAsync());
    }

    /// <summary>A test run of the draft of <paramref name="workflowId"/> (the request's JSON body), every scenario's result by scenario; it must not time out.</summary>
    public static async Task<Dictionary<string, JsonObject>> RunAsync(HttpClient api, string workflowId, string request)
    {
        var response = await api.PostAsync($"/api/workflows/{workflowId}/draft/test-runs", Api.Json(request));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var run = JsonNode.Parse(body)!.AsObject();
        Assert.False(run["timedOut"]!.GetValue<bool>(), body);
        return run["scenarios"]!.AsArray().ToDictionary(s => s!["scenario"]!.GetValue<string>(), s => s!.AsObject());
    }
}
