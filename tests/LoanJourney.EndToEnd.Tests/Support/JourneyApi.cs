using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LoanJourney.EndToEnd.Tests.Support;

/// <summary>What a partner's backend and an operator do over the server's API, and what a test reads from the sandbox.</summary>
public sealed class JourneyApi(Deployment stack)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    public async Task<string> StartAsync(string workflowId, JsonObject input, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/workflows/{workflowId}/instances") { Content = Json(input) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await stack.Api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        // 202 for a new journey, 200 for an Idempotency-Key seen before (the same journey).
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Start {workflowId} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetAsync(string id)
    {
        using var response = await stack.Api.GetAsync($"api/instances/{id}");
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? Deployment.Object(JsonNode.Parse(body))
            : throw new HttpRequestException($"GET instance {id} answered {(int)response.StatusCode}: {body}");
    }

    public async Task<JsonArray> JournalAsync(string id)
    {
        var page = await stack.Api.GetFromJsonAsync<JsonObject>($"api/instances/{id}/journal?take=1000");
        return page!["items"]!.AsArray();
    }

    public Task<JsonObject> WaitAsync(string id, Func<JsonObject, bool> until, string what, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => GetAsync(id), until, deadline ?? Deadline, last => $"instance {id}: {what}; last seen {last?.ToJsonString()}\n{stack.Diagnostics()}");

    /// <summary>Waits until the journey ended; a fault (incident) on the way fails at once with the incident.</summary>
    public async Task<JsonObject> WaitEndedAsync(string id, TimeSpan? deadline = null)
    {
        var instance = await WaitAsync(id, i => Status(i) is "Completed" or "Cancelled" or "Faulted", "ended", deadline);
        return Status(instance) == "Faulted"
            ? throw new InvalidOperationException($"Instance {id} faulted: {instance.ToJsonString()}")
            : instance;
    }

    public Task<JsonObject> WaitForSignalAsync(string id, string signal) =>
        WaitAsync(id, i => WaitsForSignal(i, signal), $"waiting for signal '{signal}'");

    public Task<JsonObject> WaitForIncidentAsync(string id) =>
        WaitAsync(id, i => Status(i) == "Faulted" && i["incident"] is JsonObject, "faulted with an incident");

    public static bool WaitsForSignal(JsonObject instance, string signal) =>
        instance["waitingFor"] is JsonArray waits && waits.Any(w => w?["kind"]?.GetValue<string>() == "signal" && w["key"]?.GetValue<string>() == signal);

    public static bool WaitsForWebhook(JsonObject instance) =>
        instance["waitingFor"] is JsonArray waits && waits.Any(w => w?["kind"]?.GetValue<string>() == "webhook");

    public static string? Status(JsonObject instance) => instance["status"]?.GetValue<string>();

    public static string? Outcome(JsonObject instance) => instance["outcome"]?.GetValue<string>();

    /// <summary>POST a signal; a sensitive signal that meets a busy instance (409 + Retry-After) is sent again, as a client should.</summary>
    public async Task<HttpResponseMessage> SignalAsync(string id, string name, JsonNode? payload)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await stack.Api.PostAsync($"api/instances/{id}/signals/{name}", Json(payload ?? new JsonObject()));
            if (response.StatusCode == HttpStatusCode.Conflict && response.Headers.RetryAfter is not null && attempt < 20)
            {
                response.Dispose();
                await Task.Delay(Poll.Interval);
                continue;
            }

            return response;
        }
    }

    public async Task<HttpResponseMessage> PostAsync(string path, JsonNode? body) => await stack.Api.PostAsync(path, Json(body ?? new JsonObject()));

    // Sandbox reads (the other side of the wire).
    public async Task<string> OtpAsync(string appId, string orderId)
    {
        var inbox = await stack.Sandbox.GetFromJsonAsync<JsonObject>($"sandbox/capitalfloat/otp?app_id={Uri.EscapeDataString(appId)}&order_id={Uri.EscapeDataString(orderId)}");
        return inbox!["otp"]!.GetValue<string>();
    }

    public async Task<IReadOnlyDictionary<string, int>> CountersAsync(string id) =>
        await stack.Sandbox.GetFromJsonAsync<Dictionary<string, int>>($"sandbox/counters/{Uri.EscapeDataString(id)}") ?? [];

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> AllCountersAsync() =>
        (await stack.Sandbox.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters") ?? [])
            .ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);

    /// <summary><c>final_approval</c> of every token share the partner received for this customer reference, in order.</summary>
    public async Task<IReadOnlyList<bool>> TokenSharesAsync(string verifiedCustomerRefId)
    {
        var shares = await stack.Sandbox.GetFromJsonAsync<JsonArray>("sandbox/partner/token-shares");
        return shares!.Select(s => s!["Share"]!)
            .Where(s => s["verified_customer_ref_id"]?.GetValue<string>() == verifiedCustomerRefId)
            .Select(s => s["final_approval"]!.GetValue<bool>())
            .ToList();
    }

    /// <summary>Moves a FinBox v1 application one step in the sandbox (which posts the webhook to the server); null when finished.</summary>
    public async Task<JsonObject?> AdvanceAsync(string customerId)
    {
        using var response = await stack.Sandbox.PostAsync($"sandbox/finbox/users/{Uri.EscapeDataString(customerId)}/advance", null);
        return response.StatusCode == HttpStatusCode.Conflict ? null : Deployment.Object(await response.Content.ReadFromJsonAsync<JsonNode>());
    }

    /// <summary>POSTs a FinBox v1 webhook to the server as FinBox (and the sandbox) would: secret header and HMAC signature.</summary>
    public Task<(HttpStatusCode Status, JsonObject? Body)> PostFinBoxWebhookAsync(JsonNode payload) =>
        PostWebhookAsync("webhooks/finbox", payload, Deployment.FinBoxWebhookSecret);

    /// <summary>POSTs a signed webhook (<c>X-Webhook-Secret</c> + <c>X-Webhook-Signature</c>, none without a secret).</summary>
    public async Task<(HttpStatusCode Status, JsonObject? Body)> PostWebhookAsync(string path, JsonNode payload, string? secret)
    {
        var body = payload.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Webhook-Secret", secret);
            request.Headers.Add("X-Webhook-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        }

        using var response = await stack.Anonymous.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
