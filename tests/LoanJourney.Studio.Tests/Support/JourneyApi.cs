using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>The management API and the sandbox's control routes, as a script would use them.</summary>
internal sealed class JourneyApi(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = CreateClient(baseAddress);

    private static HttpClient CreateClient(Uri baseAddress, string apiKey = ServerProcess.ApiKey)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    /// <summary>The smallest valid definition: version 1 of <paramref name="id"/>, one <c>Core.End</c> step <c>end</c> (outcome Done).</summary>
    public static JsonObject EndOnly(string id, string title) => new()
    {
        ["id"] = id, ["version"] = 1, ["title"] = title, ["start"] = "end",
        ["steps"] = new JsonArray(new JsonObject { ["id"] = "end", ["activity"] = "Core.End", ["inputs"] = new JsonObject { ["outcome"] = "Done" } }),
    };

    /// <summary>A sample input from workflows/samples, with a few fields replaced (customer id, mobile, ...).</summary>
    public static JsonObject Sample(string workflowId, IReadOnlyDictionary<string, string>? replace = null)
    {
        var path = Path.Combine(RepositoryPaths.Root, "workflows", "samples", workflowId + ".json");
        var input = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        foreach (var (name, value) in replace ?? new Dictionary<string, string>())
        {
            input[name] = value;
        }

        return input;
    }

    /// <summary>
    /// Starts a journey; <paramref name="correlationId"/> (sent as <c>X-Correlation-Id</c>) replaces the workflow's default;
    /// <paramref name="apiKey"/>: as that principal (a partner's key starts the partner's journey), else as the Admin.
    /// </summary>
    public async Task<string> StartAsync(string workflowId, JsonObject input, string? correlationId = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/workflows/{workflowId}/instances", UriKind.Relative))
        {
            Content = JsonContent.Create(input),
        };
        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-Id", correlationId);
        }

        using var other = apiKey is null ? null : CreateClient(baseAddress, apiKey);
        using var response = await (other ?? _http).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Start of {workflowId} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// A personal loan of customer <c>CUST-{customerTag}-…</c> faulted at KYC (sandbox scenario 0007: KYC answers FAILED,
    /// CKYC_FAILED, once and APPROVED on a re-trigger), once it is faulted.
    /// </summary>
    public async Task<string> StartFaultedAtKycAsync(string customerTag)
    {
        const string PersonalLoan = "finbox-personal-loan";
        var id = await StartAsync(PersonalLoan, Sample(PersonalLoan, new Dictionary<string, string>
        {
            ["customerId"] = Ids.Customer(customerTag),
            ["mobile"] = Ids.Mobile("0007"),
        }));
        await WaitUntilAsync(id, i => (string?)i["status"] == "Faulted", StudioFixture.JourneyDeadline, "faulted at kyc");
        return id;
    }

    /// <summary>POST /api/workflows (a new workflow's first draft) or PUT its draft; answers the new revision.</summary>
    public async Task<long> SaveDraftAsync(JsonObject definition, long? expectedRevision = null)
    {
        var id = definition["id"]!.GetValue<string>();
        using var response = expectedRevision is { } rev
            ? await _http.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft?expectedRevision={rev}", UriKind.Relative), definition)
            : await _http.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), definition);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Saving the draft of {id} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["revision"]!.GetValue<long>();
    }

    /// <summary>PUT a draft for a published workflow that has none (no revision to expect); answers its revision.</summary>
    public async Task<long> NewDraftAsync(JsonObject definition)
    {
        var id = definition["id"]!.GetValue<string>();
        using var response = await _http.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), definition);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Saving the draft of {id} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["revision"]!.GetValue<long>();
    }

    /// <summary>Publishes the draft at <paramref name="revision"/>; answers the new version.</summary>
    public async Task<int> PublishAsync(string workflowId, long revision)
    {
        using var response = await _http.PostAsJsonAsync(new Uri($"api/workflows/{workflowId}/publish", UriKind.Relative), new { expectedRevision = revision, reason = "published by the test" });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Publishing {workflowId} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["version"]!.GetValue<int>();
    }

    /// <summary>The definition file of a workflow's latest published version.</summary>
    public Task<JsonObject> ExportAsync(string workflowId) => GetObjectAsync($"api/workflows/{workflowId}/export");

    public Task<JsonObject> GetDraftAsync(string workflowId) => GetObjectAsync($"api/workflows/{workflowId}/draft");

    public Task<JsonObject> GetInstanceAsync(string id) => GetObjectAsync($"api/instances/{id}");

    /// <summary><c>GET /api/instances?{query}</c> (<c>{ items, total, countsByStatus, next }</c>).</summary>
    public Task<JsonObject> ListInstancesAsync(string query) => GetObjectAsync($"api/instances?{query}");

    /// <summary>The first 200 journal entries of an instance (<c>{ items, total }</c>).</summary>
    public Task<JsonObject> GetJournalAsync(string id) => GetObjectAsync($"api/instances/{id}/journal?take=200");

    /// <summary><c>GET /api/audit?{query}</c> (<c>{ items, total }</c>, newest first).</summary>
    public Task<JsonObject> ListAuditAsync(string query) => GetObjectAsync($"api/audit?{query}");

    public Task<JsonObject> GetFunnelAsync(string workflowId) => GetObjectAsync($"api/dashboard/funnel?workflowId={workflowId}");

    public async Task SendSignalAsync(string id, string name, object payload)
    {
        using var response = await _http.PostAsJsonAsync(new Uri($"api/instances/{id}/signals/{name}", UriKind.Relative), payload);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// An operator action on a journey (<c>cancel</c>, <c>incident/retry</c>, …) with a reason, as the principal whose key is
    /// <paramref name="apiKey"/> (the audit trail names who took it).
    /// </summary>
    public async Task OperateAsync(string id, string action, string reason, string apiKey)
    {
        using var http = CreateClient(baseAddress, apiKey);
        using var response = await http.PostAsJsonAsync(new Uri($"api/instances/{id}/{action}", UriKind.Relative), new { reason });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {action} of {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The OTP the sandbox "sent" for a pay-later journey's block (its order id is <c>LJ-{instance id}</c>).</summary>
    public async Task<string> ReadOtpAsync(string appId, string instanceId)
    {
        var inbox = await GetObjectAsync($"sandbox/capitalfloat/otp?app_id={Uri.EscapeDataString(appId)}&order_id=LJ-{instanceId}");
        return inbox["otp"]!.GetValue<string>();
    }

    /// <summary>Replaces the embedded sandbox's faults (<c>PUT /sandbox/faults</c>); an empty object clears them.</summary>
    public async Task SetFaultsAsync(JsonObject faults)
    {
        using var response = await _http.PutAsJsonAsync(new Uri("sandbox/faults", UriKind.Relative), faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The sandbox's effect counters for a customer, application or order (<c>GET /sandbox/counters/{id}</c>).</summary>
    public async Task<int> CounterAsync(string id, string counter)
    {
        var counters = await GetObjectAsync($"sandbox/counters/{Uri.EscapeDataString(id)}");
        return counters[counter]?.GetValue<int>() ?? 0;
    }

    /// <summary>Polls the instance until the condition holds (or fails the test after the deadline).</summary>
    public async Task<JsonObject> WaitUntilAsync(string id, Func<JsonObject, bool> condition, TimeSpan within, string what)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        JsonObject instance;
        do
        {
            instance = await GetInstanceAsync(id);
            if (condition(instance))
            {
                return instance;
            }

            await Task.Delay(100);
        }
        while (elapsed.Elapsed < within);

        throw new TimeoutException($"Instance {id} did not reach \"{what}\" within {within}: {instance.ToJsonString()}");
    }

    private async Task<JsonObject> GetObjectAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!.AsObject();
    }

    public void Dispose() => _http.Dispose();
}
