using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Problems;

/// <summary>
/// A NUL (U+0000) anywhere in the API's input, on a real PostgreSQL, whose <c>text</c> and <c>jsonb</c> cannot hold one
/// (22021 / 22P05; SQLite stores it): every query parameter the OpenAPI document lists (<c>%00</c>), every string value and
/// property name of a valid body of each operation that takes one (<c>\u0000</c>), the headers the API reads, and the
/// lenders' webhooks. Each answer must be below 500, and a 400 must name the field. Session 51: before the refusal at the
/// edge (<c>Http/NulRefusal.cs</c>) a NUL in a query filter, a reason, an audit filter, a correlation id, a webhook field or a
/// definition answered 500 here (the commit says which).
/// </summary>
public sealed class NulInputSweepTests : IAsyncLifetime, IDisposable
{
    private const string Nul = "\u0000";

    // (method, path, body, what the path's {id} is): {id} a journey of that kind started for the call, {uniq} a fresh name,
    // {revision} the revision of a draft saved for the call, {customer} the customer id of a webhook-waiting journey.
    private static readonly (string Method, string Path, string Body, string Needs)[] BodyCases =
    [
        ("POST", "/api/workflows/test-review/instances", """{"customerId":"C-{uniq}","customer":{"name":"Asha","city":"Pune","tags":["a","b"]}}""", ""),
        ("POST", "/api/instances/{id}/signals/decision", """{"approved":true,"note":"fine"}""", "waiting"),
        ("POST", "/api/instances/{id}/cancel", """{"reason":"sweep"}""", "waiting"),
        ("POST", "/api/instances/{id}/incident/retry", """{"reason":"sweep"}""", "faulted"),
        ("POST", "/api/instances/{id}/incident/skip", """{"outcome":"Done","reason":"sweep"}""", "faulted"),
        ("POST", "/api/instances/{id}/incident/confirm-sent", """{"reference":"REF-1","reason":"sweep"}""", "faulted"),
        ("POST", "/api/instances/{id}/incident/confirm-not-sent", """{"reason":"sweep"}""", "faulted"),
        ("POST", "/api/instances/{id}/abandon", """{"reason":"sweep"}""", "faulted"),
        ("POST", "/api/instances/{id}/alterations/goto", """{"stepId":"review","reason":"sweep"}""", "waiting"),
        ("POST", "/api/instances/{id}/alterations/variables", """{"set":{"sessionUrl":"https://x.example/s"},"reason":"sweep"}""", "waiting"),
        ("POST", "/api/instances/{id}/migrate", """{"toVersion":1,"stepMap":{"review":"review"},"reason":"sweep"}""", "waiting"),
        ("POST", "/api/instances/migrate", """{"workflowId":"test-review","fromVersion":1,"toVersion":1,"stepMap":{"review":"review"},"reason":"sweep","dryRun":true}""", ""),
        ("POST", "/api/instances/bulk/cancel", """{"ids":["{id}"],"reason":"sweep"}""", "waiting"),
        ("POST", "/api/instances/bulk/cancel", """{"filter":{"workflowId":"test-review","correlationId":"C-x","outcome":"Done","partner":"acme","incidentKind":"Timeout","deferredOn":"any","createdFrom":"2026-01-01T00:00:00Z","status":["Waiting"]},"reason":"sweep","dryRun":true}""", ""),
        ("POST", "/api/instances/bulk/retry", """{"ids":["{id}"],"reason":"sweep"}""", "faulted"),
        ("POST", "/api/instances/bulk/abandon", """{"ids":["{id}"],"reason":"sweep"}""", "faulted"),
        ("POST", "/api/borrowers/C-{uniq}/erasure", """{"reason":"sweep"}""", ""),
        ("POST", "/api/workflows", """{"id":"w-{uniq}","title":"Sweep","description":"d","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", ""),
        ("POST", "/api/workflows/import", """{"id":"i-{uniq}","version":1,"title":"Sweep","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", ""),
        ("PUT", "/api/workflows/test-review/draft", """{"id":"test-review","title":"Sweep","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", ""),
        ("POST", "/api/workflows/test-review/validate", """{"id":"test-review","title":"Sweep","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", ""),
        ("POST", "/api/workflows/test-review/publish", """{"expectedRevision":{revision},"reason":"sweep"}""", "draft"),
        ("POST", "/api/workflows/test-review/draft/test-runs", """{"input":{"customerId":"C-1"},"signals":{"decision":{"approved":true}}}""", "draft"),
        ("PUT", "/api/workflows/test-review/sample", """{"customerId":"C-1"}""", ""),
        ("POST", "/webhooks/finbox", """{"customerID":"{customer}","entityType":"system","eventDescription":"Loan disbursed","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00","journeyType":"personal_loan","source":"test"}""", "webhook"),
        ("POST", "/webhooks/partner/handshake", """{"status":"1","msg":"","handshake_id":"HS-{uniq}","verified_customer_ref_id":"V-1"}""", ""),
    ];

    private readonly PostgresServer _postgres = new();
    private ServerFactory _factory = null!;
    private HttpClient _api = null!;
    private int _uniq;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:LoanJourney"] = await _postgres.CreateSchemaAsync(),
        });
        _api = _factory.CreateApiClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    public void Dispose()
    {
        _api.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task ANulInAnyQueryValueBodyStringHeaderOrWebhook_IsNever500_AndA400NamesTheField()
    {
        var failures = new List<string>();
        var bases = new List<string>(); // what each body answers without a NUL: the sweep means something only where that is a 2xx
        var calls = 0;
        var journey = await StartAsync("waiting");

        // Every query parameter of every operation, the others it requires set to a plain value.
        var document = JsonNode.Parse(await _api.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        foreach (var (template, operations) in document["paths"]!.AsObject())
        {
            if (template.StartsWith("/api/events", StringComparison.Ordinal))
            {
                continue; // a stream: it answers 200 and stays open
            }

            foreach (var (method, operation) in operations!.AsObject())
            {
                var parameters = (operation?["parameters"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(p => p["in"]?.GetValue<string>() == "query").ToList();
                foreach (var parameter in parameters)
                {
                    var name = parameter["name"]!.GetValue<string>();
                    var others = parameters.Where(p => p != parameter && p["required"]?.GetValue<bool>() == true)
                        .Select(p => $"&{p["name"]}={(p["name"]!.GetValue<string>().Contains("orkflow", StringComparison.Ordinal) ? "test-review" : "x")}");
                    var path = Fill(template, journey) + $"?{name}=A%00B" + string.Concat(others);
                    var verb = method.ToUpperInvariant();
                    using var request = new HttpRequestMessage(new HttpMethod(verb), path)
                    {
                        Content = verb is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
                    };
                    calls++;
                    await CheckAsync(request, name, $"{verb} {path}", failures);
                }
            }
        }

        // The headers a start reads.
        foreach (var header in (string[])["Idempotency-Key", "X-Correlation-Id"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances")
            {
                Content = new StringContent($$"""{"customerId":"C-h{{++_uniq}}"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(header, "A" + Nul + "B");
            calls++;
            await CheckAsync(request, header, $"POST start with {header}", failures);
        }

        // Every string value and property name of a valid body.
        foreach (var (method, path, body, needs) in BodyCases)
        {
            var template = JsonNode.Parse(body.Replace("{revision}", "0", StringComparison.Ordinal))!;
            var (basePath, baseBody) = await PrepareAsync(path, body, needs);
            using (var plain = await _api.SendAsync(new HttpRequestMessage(new HttpMethod(method), basePath) { Content = new StringContent(baseBody, Encoding.UTF8, "application/json") }))
            {
                bases.Add($"{(int)plain.StatusCode} {method} {path}");
            }

            foreach (var (field, mutate) in Mutations(template))
            {
                var (realPath, realBody) = await PrepareAsync(path, body, needs);
                var node = JsonNode.Parse(realBody)!;
                mutate(node);
                using var request = new HttpRequestMessage(new HttpMethod(method), realPath)
                {
                    Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                calls++;
                await CheckAsync(request, field, $"{method} {realPath} {node.ToJsonString()}", failures);
            }
        }

        Assert.True(calls > 150, $"only {calls} calls");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls failed:\n" + string.Join('\n', failures) + "\nWithout a NUL:\n" + string.Join('\n', bases));
    }

    // Each is refused: 400 naming the field with the NUL (a body's value by the property that holds it, a property name as
    // JSON spells it). The sweep says which answered 5xx apart, as those were the bug on PostgreSQL.
    private async Task CheckAsync(HttpRequestMessage request, string field, string what, List<string> failures)
    {
        HttpResponseMessage response;
        try
        {
            response = await _api.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            // A streamed answer (the audit export) that failed after it began: a broken response, as bad as a 500.
            failures.Add($"broken response {what} → {Shorten(e.InnerException?.InnerException?.Message ?? e.Message)}");
            return;
        }

        using var _ = response;
        var text = await response.Content.ReadAsStringAsync();
        var named = response.StatusCode == HttpStatusCode.BadRequest
            && JsonNode.Parse(text)?["errors"]?[field] is JsonArray messages
            && messages.Any(m => m?.GetValue<string>().Contains("NUL character", StringComparison.Ordinal) == true);
        // A test run is refused before its body is read in a host without the embedded sandbox (this one): nothing is stored.
        var refusedBeforeTheBody = response.StatusCode == HttpStatusCode.Conflict && text.Contains("\"sandbox_disabled\"", StringComparison.Ordinal);
        if (!named && !refusedBeforeTheBody)
        {
            failures.Add($"{((int)response.StatusCode >= 500 ? "5xx " : "")}{(int)response.StatusCode} (not a 400 naming '{field.Replace(Nul, "\\u0000", StringComparison.Ordinal)}') {what.Replace(Nul, "\\u0000", StringComparison.Ordinal)} → {Shorten(text)}");
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text.ReplaceLineEndings(" ");

    // One mutation per string value (a NUL put inside it) and per property name (a NUL appended), each with its field's name.
    private static List<(string Field, Action<JsonNode> Mutate)> Mutations(JsonNode template)
    {
        var found = new List<(string, Action<JsonNode>)>();
        Walk(template, [], found);
        return found;

        static void Walk(JsonNode node, List<object> at, List<(string, Action<JsonNode>)> found)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        var here = at.ToList();
                        found.Add((name + "\\u0000", root =>
                        {
                            var parent = (JsonObject)Locate(root, here);
                            var moved = parent[name];
                            parent.Remove(name);
                            parent[name + Nul] = moved;
                        }));
                        if (value is not null)
                        {
                            Walk(value, [.. at, name], found);
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is { } item)
                        {
                            Walk(item, [.. at, i], found);
                        }
                    }

                    break;
                case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                    var path = at.ToList();
                    var field = (string)path.Last(p => p is string);
                    found.Add((field, root =>
                    {
                        var parent = Locate(root, path[..^1]);
                        var text = Locate(root, path).GetValue<string>();
                        JsonNode updated = text.Length == 0 ? Nul : text[..1] + Nul + text[1..];
                        if (path.Last() is int i)
                        {
                            ((JsonArray)parent)[i] = updated;
                        }
                        else
                        {
                            ((JsonObject)parent)[(string)path.Last()] = updated;
                        }
                    }));
                    break;
            }
        }

        static JsonNode Locate(JsonNode root, List<object> path)
        {
            var node = root;
            foreach (var step in path)
            {
                node = step is int i ? node[i]! : node[(string)step]!;
            }

            return node;
        }
    }

    // The path and body of one call, with what it needs made for it.
    private async Task<(string Path, string Body)> PrepareAsync(string path, string body, string needs)
    {
        var uniq = (++_uniq).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (path, body) = (path.Replace("{uniq}", uniq, StringComparison.Ordinal), body.Replace("{uniq}", uniq, StringComparison.Ordinal));
        switch (needs)
        {
            case "waiting" or "faulted":
                var id = await StartAsync(needs);
                return (path.Replace("{id}", id, StringComparison.Ordinal), body.Replace("{id}", id, StringComparison.Ordinal));
            case "draft":
                using (var saved = await _api.PutAsync(new Uri("/api/workflows/test-review/draft", UriKind.Relative), Api.Json(
                    """{"id":"test-review","title":"Sweep","input":[{"name":"customerId","type":"String","required":true}],"start":"review","steps":[{"id":"review","activity":"Core.WaitForSignal","inputs":{"signal":"decision"},"next":{"Received":"end"}},{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""")))
                {
                    Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
                    var revision = (await saved.ReadObjectAsync())["revision"]!.GetValue<long>();
                    return (path, body.Replace("{revision}", revision.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }

            case "webhook":
                var customer = "W-" + uniq;
                var started = await _api.StartAsync("test-webhook", new { customerId = customer });
                await _api.WaitForStatusAsync(started, "Waiting");
                return (path, body.Replace("{customer}", customer, StringComparison.Ordinal));
            default:
                return (path, body);
        }
    }

    private async Task<string> StartAsync(string status)
    {
        var id = status == "faulted"
            ? await _api.StartAsync("test-fault", new { delay = "not a duration" })
            : await _api.StartAsync("test-review", new { customerId = "C-s" + (++_uniq) });
        await _api.WaitForStatusAsync(id, status == "faulted" ? "Faulted" : "Waiting");
        return id;
    }

    private static string Fill(string template, string journey)
    {
        var path = new StringBuilder();
        foreach (var segment in template.Split('/'))
        {
            path.Append(path.Length == 0 && segment.Length == 0 ? "" : "/");
            path.Append(segment switch
            {
                "{id}" when template.StartsWith("/api/workflows", StringComparison.Ordinal) => "test-review",
                "{workflowId}" => "test-review",
                "{id}" => journey,
                "{name}" => "decision",
                "{customerId}" => "C-s1",
                _ when segment.StartsWith('{') => "x",
                _ => segment,
            });
        }

        return path.ToString();
    }
}
