using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Server.Tests.Support;

/// <summary>Small HTTP helpers for the tests.</summary>
public static class Api
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object value) => Json(JsonSerializer.Serialize(value));

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<string> StartAsync(this HttpClient client, string workflowId, object input)
    {
        var response = await client.PostAsync($"/api/workflows/{workflowId}/instances", Json(input));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> GetInstanceAsync(this HttpClient client, string id) =>
        await (await client.GetAsync($"/api/instances/{id}")).ReadObjectAsync();

    /// <summary>Polls the instance until <paramref name="status"/> (the background dispatcher runs it), with a deadline.</summary>
    public static async Task<JsonObject> WaitForStatusAsync(this HttpClient client, string id, string status, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60); // a safety net: ends as soon as the status is reached
        while (true)
        {
            // An answer other than 200 fails here, with what it said (a 500 read as an instance failed on its "status": 500).
            var response = await client.GetAsync($"/api/instances/{id}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/instances/{id} answered {(int)response.StatusCode} while waiting for {status}: {await response.Content.ReadAsStringAsync()}");
            var instance = await response.ReadObjectAsync();
            if (instance["status"]!.GetValue<string>() == status)
            {
                return instance;
            }

            Assert.True(clock.Elapsed < limit, $"Instance {id} did not reach {status}; it is {instance.ToJsonString()}");
            await Task.Delay(25);
        }
    }

    /// <summary>Cancels the journey with <paramref name="reason"/> (its 202 asserted) and waits until it is Cancelled.</summary>
    public static async Task<JsonObject> CancelAndWaitAsync(this HttpClient client, string id, string reason)
    {
        using var response = await client.PostAsync($"/api/instances/{id}/cancel", Json(new { reason }));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/instances/{id}/cancel answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await client.WaitForStatusAsync(id, "Cancelled");
    }

    /// <summary>Polls the instance until it waits at <paramref name="step"/> (the background dispatcher runs it), with a deadline.</summary>
    public static Task<JsonObject> WaitAtStepAsync(this HttpClient client, string id, string step) =>
        Poll.UntilAsync(() => client.GetInstanceAsync(id),
            i => i["status"]!.GetValue<string>() == "Waiting" && i["currentStep"]?.GetValue<string>() == step,
            TimeSpan.FromSeconds(60), i => $"Instance {id} did not wait at {step}; it is {i?.ToJsonString()}");

    /// <summary>The compensations the journey ran, oldest first, as <c>step:activity</c> (the journal's <c>Compensation</c> entries).</summary>
    public static async Task<List<string>> CompensationsAsync(this HttpClient client, string id)
    {
        var journal = await (await client.GetAsync($"/api/instances/{id}/journal?take=500")).ReadObjectAsync();
        // The API names the engine's CompensationCompleted entries "Compensation".
        return journal["items"]!.AsArray()
            .Where(e => e!["kind"]!.GetValue<string>() == "Compensation")
            .Select(e => $"{e!["stepId"]!.GetValue<string>()}:{e["data"]!["activity"]!.GetValue<string>()}")
            .ToList();
    }

    /// <summary>Asserts a problem-details answer with <paramref name="status"/>, and (when given) an error for <paramref name="field"/>.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());

        // Every problem has our shape, the framework's bare statuses too (a 415 before any endpoint ran had neither): a code
        // a client can switch on, its urn type, and a detail.
        var code = problem["code"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(code), $"No code in {body}");
        Assert.Equal($"urn:loanjourney:problem:{code}", problem["type"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()), $"No detail in {body}");
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors?.ContainsKey(field) == true, $"No error for '{field}' in {body}");
        }

        return problem;
    }
}
