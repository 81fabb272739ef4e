using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>Every management endpoint × every role: allowed (anything but 401/403) or a 403 problem naming the role needed (docs/server.md, "Role matrix").</summary>
public sealed class RoleMatrixTests : IDisposable
{
    private readonly ServerFactory _factory = new(TestPrincipals.SettingsWithScoped());

    // What a partner-scoped principal may call (PartnerScope): its journeys' start, list, detail, journal, signal and cancel,
    // and a workflow's input schema and sample. Everything else in Endpoints is the team's.
    private static readonly HashSet<string> PartnerSurface = new(StringComparer.Ordinal)
    {
        "GET /api/instances", "GET /api/instances/no-such-id", "GET /api/instances/no-such-id/journal",
        "POST /api/workflows/test-review/instances", "POST /api/instances/no-such-id/signals/decision", "POST /api/instances/no-such-id/cancel",
        "GET /api/workflows/test-review/input-schema", "GET /api/workflows/test-review/sample",
    };

    public void Dispose() => _factory.Dispose();

    // (method, path, body, the least role that may call it)
    public static readonly TheoryData<string, string, string?, string> Endpoints = new()
    {
        { "GET", "/api/workflows", null, "Viewer" },
        { "GET", "/api/workflows/test-review", null, "Viewer" },
        { "GET", "/api/instances", null, "Viewer" },
        { "GET", "/api/instances/no-such-id", null, "Viewer" },
        { "GET", "/api/instances/no-such-id/journal", null, "Viewer" },
        { "GET", "/api/dashboard/funnel?workflowId=test-review", null, "Viewer" },
        { "GET", "/api/dashboard/stuck/waiting?workflowId=test-review", null, "Viewer" },
        { "GET", "/api/events", null, "Viewer" },
        { "GET", "/api/audit", null, "Viewer" },
        { "GET", "/api/retention", null, "Viewer" },
        { "POST", "/api/workflows/test-review/instances", """{"customerId":"CUST-MATRIX"}""", "Operator" },
        { "POST", "/api/instances/no-such-id/signals/decision", """{"approved":true}""", "Operator" },
        { "POST", "/api/instances/no-such-id/cancel", """{"reason":"matrix"}""", "Operator" },
        { "POST", "/api/instances/no-such-id/incident/retry", null, "Operator" },
        { "POST", "/api/instances/no-such-id/incident/skip", """{"outcome":"Done","reason":"matrix"}""", "Operator" },
        { "POST", "/api/instances/bulk/cancel", """{"ids":["no-such-id"],"reason":"matrix"}""", "Operator" },
        { "POST", "/api/instances/bulk/retry", """{"ids":["no-such-id"],"reason":"matrix"}""", "Operator" },
        { "GET", "/api/workflows/test-review/input-schema", null, "Viewer" },
        { "GET", "/api/workflows/test-review/sample", null, "Viewer" },
        { "GET", "/api/activities", null, "Viewer" },
        { "GET", "/api/workflows/test-review/draft", null, "Viewer" },
        { "GET", "/api/workflows/test-review/export", null, "Viewer" },
        { "GET", "/api/workflows/test-review/history", null, "Viewer" },
        { "GET", "/api/workflows/test-review/versions", null, "Viewer" },
        { "GET", "/metrics", null, "Viewer" },
        { "POST", "/api/workflows", """{"id":"matrix-new","title":"M","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", "Designer" },
        { "POST", "/api/workflows/import", """{"id":"matrix-import","version":1,"title":"M","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", "Designer" },
        { "PUT", "/api/workflows/test-review/draft", """{"id":"test-review","title":"M","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", "Designer" },
        { "DELETE", "/api/workflows/test-review/draft", null, "Designer" },
        { "POST", "/api/workflows/test-review/validate", """{"id":"test-review","title":"M","start":"end","steps":[{"id":"end","activity":"Core.End","inputs":{"outcome":"Done"}}]}""", "Designer" },
        { "POST", "/api/workflows/test-review/publish", """{"expectedRevision":1,"reason":"role check"}""", "Designer" },
        { "POST", "/api/workflows/test-review/draft/test-runs", "{}", "Designer" },
        { "PUT", "/api/workflows/test-review/sample", """{"customerId":"CUST-MATRIX"}""", "Designer" },
        { "DELETE", "/api/workflows/test-review/sample", null, "Designer" },
        { "POST", "/api/instances/no-such-id/incident/confirm-sent", """{"reference":"REF-1","reason":"matrix"}""", "Operator" },
        { "POST", "/api/instances/no-such-id/incident/confirm-not-sent", """{"reason":"matrix"}""", "Operator" },
        { "POST", "/api/instances/migrate", """{"workflowId":"test-review","fromVersion":1,"toVersion":1}""", "Operator" },
        { "POST", "/api/instances/no-such-id/migrate", """{"toVersion":1}""", "Operator" },
        { "POST", "/api/instances/no-such-id/alterations/goto", """{"stepId":"review","reason":"matrix"}""", "Operator" },
        { "POST", "/api/instances/no-such-id/alterations/variables", """{"set":{"sessionUrl":"x"},"reason":"matrix"}""", "Operator" },
        { "POST", "/api/borrowers/CUST-NOBODY/erasure", """{"reason":"matrix"}""", "Admin" },
        { "POST", "/api/instances/no-such-id/abandon", """{"reason":"matrix"}""", "Admin" },
        { "POST", "/api/instances/bulk/abandon", """{"ids":["no-such-id"]}""", "Admin" },
        { "GET", "/api/audit/export", null, "Auditor" },
        { "GET", "/api/borrowers/CUST-NOBODY/access-report", null, "Auditor" },
    };

    // One request of the matrix, as the principal holding key.
    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body, string key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null)
        {
            request.Content = Api.Json(body);
        }

        // A client per request (no cookie carried from one principal to the next), left undisposed as below: the response may
        // be a stream (the live feed) read after this returns.
        return await _factory.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryRoleIsAllowedOrRefusedWith403NamingTheRole(string method, string path, string? body, string needed)
    {
        foreach (var (name, role, key) in TestPrincipals.All)
        {
            using var response = await SendAsync(method, path, body, key);
            if (Allowed(role, needed))
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized),
                    $"{role} {name} should be allowed {method} {path}, got {(int)response.StatusCode}");
            }
            else
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
                Assert.Equal("role_required", problem["code"]!.GetValue<string>());
                Assert.Equal(needed, problem["requiredRole"]!.GetValue<string>());
                Assert.Equal(role, problem["role"]!.GetValue<string>());
                Assert.Contains(needed, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task APartnerScopedPrincipalIsRefusedEverythingButItsJourneys_With403NamingTheRoleAndThePartner(string method, string path, string? body, string needed)
    {
        foreach (var (name, role, key, partner) in TestPrincipals.Scoped)
        {
            using var response = await SendAsync(method, path, body, key);
            if (PartnerSurface.Contains($"{method} {path}") && Allowed(role, needed))
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized),
                    $"{role} {name} (partner {partner}) should be allowed {method} {path}, got {(int)response.StatusCode}");
            }
            else
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
                Assert.Equal("role_required", problem["code"]!.GetValue<string>());
                Assert.Equal(needed, problem["requiredRole"]!.GetValue<string>());
                Assert.Equal(role, problem["role"]!.GetValue<string>());
                Assert.Equal(partner, problem["partner"]!.GetValue<string>());
                Assert.Contains(needed, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task APartnerScopedPrincipalGetsNoSession()
    {
        var browser = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", TestPrincipals.Scoped[0].Key);
        var problem = await (await browser.SendAsync(signIn)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("acme", problem["partner"]!.GetValue<string>());
        Assert.False((await (await browser.GetAsync("/api/session")).ReadObjectAsync())["signedIn"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WithoutCredentialsEveryEndpointIs401()
    {
        foreach (var row in Endpoints)
        {
            var (method, path) = ((string)row[0], (string)row[1]);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await _factory.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task SessionCarriesThePrincipalsNameAndRole()
    {
        var browser = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", TestPrincipals.KeyOf("Viewer"));
        var signedIn = await (await browser.SendAsync(signIn)).ReadObjectAsync();
        Assert.Equal("vera-viewer", signedIn["name"]!.GetValue<string>());
        Assert.Equal("Viewer", signedIn["role"]!.GetValue<string>());

        var session = await (await browser.GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal("vera-viewer", session["name"]!.GetValue<string>());
        Assert.Equal("Viewer", session["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/instances")).StatusCode);
        await (await browser.PostAsync("/api/instances/bulk/cancel", Api.Json(new { ids = new[] { "x" } }))).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    // Session 46: an Auditor signs in as one (the Studio shows it the export), and the sign-in's expiresAt is written to the
    // millisecond as every time the API answers (it read "2026-12-07T17:47:51.3020249+00:00").
    [Fact]
    public async Task AnAuditorSignsInAsAnAuditor_AndTheSessionsEndIsWrittenToTheMillisecond()
    {
        var browser = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", TestPrincipals.KeyOf("Auditor"));
        var signedIn = await (await browser.SendAsync(signIn)).ReadObjectAsync();

        Assert.Equal("Auditor", signedIn["role"]!.GetValue<string>());
        Assert.Equal("aarti-auditor", signedIn["name"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?\+00:00$", signedIn["expiresAt"]!.GetValue<string>());
        Assert.Equal("Auditor", (await (await browser.GetAsync("/api/session")).ReadObjectAsync())["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/audit/export")).StatusCode);
    }

    [Fact]
    public async Task TheLegacyApiKeyIsAnAdmin()
    {
        using var factory = new ServerFactory(); // Server:ApiKeys:0 only
        var session = await (await factory.CreateApiClient().GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal("Admin", session["role"]!.GetValue<string>());
        Assert.Equal("api-key-1", session["name"]!.GetValue<string>());
    }

    private static bool Allowed(string role, string needed) =>
        role == needed || role == "Admin" || (needed == "Viewer" && role is "Operator" or "Designer" or "Auditor");
}
