using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Audit;

/// <summary>
/// "From where" (session 46): over real HTTP an audit entry records the client's address, how the principal signed in and
/// which sign-in, and the user agent cut to 200 characters — in the list and both export formats. An X-Forwarded-For from
/// a peer not listed in Server:ForwardedHeaders:KnownProxies is ignored (the socket address is kept); from a listed proxy
/// it is the client's address. A faulted journey's cancel names the incident it ended.
/// </summary>
public sealed class AuditFromWhereTests
{
    private const string Forged = "203.0.113.9";
    private static readonly string LongAgent = "audit-test/1.0 " + new string('x', 300);

    private static ServerFactory Start(params (string Key, string? Value)[] more)
    {
        var settings = TestPrincipals.Settings();
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        var server = new ServerFactory(settings);
        server.UseKestrelOnLoopback();
        server.StartServer();
        return server;
    }

    private static HttpClient Client(ServerFactory server, string role)
    {
        var client = server.CreateClient(TestPrincipals.KeyOf(role));
        client.DefaultRequestHeaders.Add("X-Forwarded-For", Forged);
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", LongAgent);
        return client;
    }

    private static async Task<(string Id, JsonObject Entry)> CancelAFaultedJourneyAsync(ServerFactory server)
    {
        var client = Client(server, "Operator");
        var faulted = await client.StartAsync("test-fault", new { delay = "not-a-duration" });
        await client.WaitForStatusAsync(faulted, "Faulted");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/instances/{faulted}/cancel", Api.Json(new { reason = "not needed" }))).StatusCode);
        var list = await (await server.CreateClient(TestPrincipals.KeyOf("Viewer")).GetAsync($"/api/audit?action=cancel&instanceId={faulted}")).ReadObjectAsync();
        return (faulted, Assert.Single(list["items"]!.AsArray())!.AsObject());
    }

    [Fact]
    public async Task AnUntrustedForwardedHeaderKeepsTheSocketAddress_AndTheEntrySaysHowAndWithWhat()
    {
        using var server = Start();
        var (id, entry) = await CancelAFaultedJourneyAsync(server);

        Assert.Equal("127.0.0.1", entry["clientAddress"]!.GetValue<string>());
        Assert.Equal("key", entry["authMethod"]!.GetValue<string>());
        Assert.Equal(TestPrincipals.NameOf("Operator"), entry["authId"]!.GetValue<string>());
        var agent = entry["userAgent"]!.GetValue<string>();
        Assert.Equal(200, agent.Length);
        Assert.StartsWith("audit-test/1.0 xxx", agent, StringComparison.Ordinal);
        Assert.EndsWith("…", agent, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPrincipals.KeyOf("Operator"), entry.ToJsonString(), StringComparison.Ordinal);

        // The cancel ended the journey's incident: the entry names it as the repairs do.
        var incident = (await (await server.CreateClient(TestPrincipals.KeyOf("Viewer")).GetAsync($"/api/instances/{id}/journal")).ReadObjectAsync()).ToJsonString();
        var data = entry["data"]!.AsObject();
        Assert.False(string.IsNullOrEmpty(data["stepId"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(data["incidentKind"]?.GetValue<string>()));
        Assert.Contains(data["incidentId"]!.GetValue<string>(), incident, StringComparison.Ordinal);

        // The export carries the same: CSV columns and NDJSON fields.
        var auditor = server.CreateClient(TestPrincipals.KeyOf("Auditor"));
        var csv = await (await auditor.GetAsync($"/api/audit/export?format=csv&instanceId={id}")).Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",clientAddress,authMethod,authId,userAgent", lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Contains($",127.0.0.1,key,{TestPrincipals.NameOf("Operator")},audit-test/1.0 ", lines.Single(l => l.Contains(",cancel,", StringComparison.Ordinal)), StringComparison.Ordinal);
        var ndjson = await (await auditor.GetAsync($"/api/audit/export?format=ndjson&instanceId={id}&action=cancel")).Content.ReadAsStringAsync();
        var line = JsonNode.Parse(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single())!;
        Assert.Equal(("127.0.0.1", "key"), (line["clientAddress"]!.GetValue<string>(), line["authMethod"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AListedProxysForwardedHeaderIsTheClientsAddress()
    {
        using var server = Start(("Server:ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        var (_, entry) = await CancelAFaultedJourneyAsync(server);

        Assert.Equal(Forged, entry["clientAddress"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASessionsEntryNamesTheSession()
    {
        using var server = Start();
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", TestPrincipals.KeyOf("Operator"));
        var signedIn = await server.CreateClient().SendAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie")).Split(';')[0];

        var browser = server.CreateClient();
        browser.DefaultRequestHeaders.Add("Cookie", cookie);
        var id = await browser.StartAsync("test-review", new { customerId = "CUST-WHERE-1" });
        var list = await (await browser.GetAsync($"/api/audit?action=start&instanceId={id}")).ReadObjectAsync();
        var entry = Assert.Single(list["items"]!.AsArray())!;

        Assert.Equal("session", entry["authMethod"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", entry["authId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMalformedProxyListStopsTheStart()
    {
        var e = Assert.ThrowsAny<Exception>(() => Start(("Server:ForwardedHeaders:KnownProxies:0", "not-an-address")).Dispose());
        Assert.Contains("Server:ForwardedHeaders:KnownProxies:0", e.ToString(), StringComparison.Ordinal);
    }
}
