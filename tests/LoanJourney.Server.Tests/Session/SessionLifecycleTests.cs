using System.Net;
using System.Text.Json;
using LoanJourney.Server.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Session;

/// <summary>
/// A session cookie does not outlive its principal or its sign-out (docs/server.md, "Sessions"): checked against the
/// principals configured now, refused once signed out, also by a server restarted on the same database and keys (what a
/// second node on a shared database sees too). Real servers on free ports.
/// </summary>
public sealed class SessionLifecycleTests : IDisposable
{
    private static readonly (string Name, string Role, string Key) Ada = TestPrincipals.All.Single(p => p.Role == "Admin");

    // The database and data-protection keys every server of a test shares: a server started after another stopped is that
    // server restarted.
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "lj-sessions-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_shared, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [Fact]
    public async Task ASessionOfAPrincipalRemovedFromConfigurationIsRefusedAndNothingIsDoneInItsName()
    {
        var cookie = await SignInBeforeARestartAsync();
        using var after = Server(TestPrincipals.All.Where(p => p != Ada));
        var browser = WithCookie(after, cookie);
        var problem = await (await browser.PostAsync("/api/borrowers/CUST-GONE/erasure", Api.Json(new { reason = "removed principal" })))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthenticated", problem["code"]!.GetValue<string>());
        Assert.Contains("no longer configured", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False((await (await browser.GetAsync("/api/session")).ReadObjectAsync())["signedIn"]!.GetValue<bool>());

        var audit = await (await after.CreateApiClient().GetAsync("/api/audit?action=erasure")).ReadObjectAsync();
        Assert.Empty(audit["items"]!.AsArray());
    }

    [Fact]
    public async Task ARoleDowngradedInConfigurationAppliesToTheSessionsNextRequest()
    {
        var cookie = await SignInBeforeARestartAsync();
        using var after = Server(TestPrincipals.All.Select(p => p == Ada ? p with { Role = "Viewer" } : p));
        var browser = WithCookie(after, cookie);
        var problem = await (await browser.PostAsync("/api/borrowers/CUST-DOWN/erasure", Api.Json(new { reason = "downgraded" })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(("Admin", "Viewer"), (problem["requiredRole"]!.GetValue<string>(), problem["role"]!.GetValue<string>()));
        var session = await (await browser.GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal(("ada-admin", "Viewer"), (session["name"]!.GetValue<string>(), session["role"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/instances")).StatusCode);
    }

    [Fact]
    public async Task ASessionSignedInWithAKeyThatWasRotatedIsRefused()
    {
        var cookie = await SignInBeforeARestartAsync();
        using var after = Server(TestPrincipals.All.Select(p => p == Ada ? p with { Key = "admin-key-rotated-9876543210" } : p));
        var problem = await (await WithCookie(after, cookie).GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("key changed", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(after, await SignInAsync(after, "admin-key-rotated-9876543210")).GetAsync("/api/instances")).StatusCode);
    }

    [Fact]
    public async Task ACopyOfTheCookieTakenBeforeSignOutIsRefused()
    {
        using var server = Server(TestPrincipals.All);
        var cookie = await SignInAsync(server, Ada.Key);
        var copy = WithCookie(server, cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/instances")).StatusCode);

        var signOut = await WithCookie(server, cookie).DeleteAsync("/api/session");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        var problem = await (await copy.GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("signed out", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await copy.PostAsync("/api/borrowers/CUST-COPY/erasure", Api.Json(new { reason = "copied cookie" }))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False((await (await copy.GetAsync("/api/session")).ReadObjectAsync())["signedIn"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, (await copy.DeleteAsync("/api/session")).StatusCode);
    }

    // The live-update stream is one request that stays open: it was authenticated when it opened and ran on after the
    // session's sign-out until the browser reconnected. It re-checks the session (Server:Events:SessionRecheck) and ends.
    [Fact]
    public async Task ALiveUpdateStreamOfASessionEndsOnceTheSessionIsSignedOut()
    {
        using var server = Server(TestPrincipals.All, ("Server:Events:SessionRecheck", "00:00:00.200"));
        var cookie = await SignInAsync(server, Ada.Key);
        var browser = WithCookie(server, cookie);
        browser.Timeout = Timeout.InfiniteTimeSpan;
        using var stream = await browser.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await reader.ReadLineAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await WithCookie(server, cookie).DeleteAsync("/api/session")).StatusCode);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var rest = await reader.ReadToEndAsync(patience.Token);
        Assert.Contains("event: signed-out\n", rest, StringComparison.Ordinal);
        Assert.Contains("signed out", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignOutHoldsAcrossARestartWhileOtherSessionsGoOn()
    {
        string signedOut, kept;
        using (var before = Server(TestPrincipals.All))
        {
            signedOut = await SignInAsync(before, Ada.Key);
            kept = await SignInAsync(before, Ada.Key);
            Assert.Equal(HttpStatusCode.NoContent, (await WithCookie(before, signedOut).DeleteAsync("/api/session")).StatusCode);
        }

        using var after = Server(TestPrincipals.All);
        await (await WithCookie(after, signedOut).GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(after, kept).GetAsync("/api/instances")).StatusCode);
    }

    [Fact]
    public async Task ATicketFromBeforeTicketsHadAnIdIsRefused()
    {
        using var server = Server(TestPrincipals.All);
        var v2 = Protect(server, "LoanJourney.Server.Session.v2", JsonSerializer.Serialize(new { Name = Ada.Name, Role = "Admin", ExpiresMs = long.MaxValue }));
        await (await WithCookie(server, "lj_session=" + v2).GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    // Tickets only the server can make (they are data-protected), but shaped wrongly: each is a 401, never a 500, and
    // signing out with one is a 204.
    [Fact]
    public async Task MalformedTicketsAreRefusedAndSignOutWithThemStillAnswers204()
    {
        using var server = Server(TestPrincipals.All);
        const string id = "0123456789abcdef0123456789abcdef";
        string[] payloads =
        [
            "null", "[]", "{}", "42", "not json",
            JsonSerializer.Serialize(new { Id = "not-hex", Name = Ada.Name, Method = "header", Role = "Admin", KeyFingerprint = "x", ExpiresMs = long.MaxValue }),
            JsonSerializer.Serialize(new { Id = id, Name = Ada.Name, Method = "session", Role = "Admin", KeyFingerprint = "x", ExpiresMs = long.MaxValue }),
            JsonSerializer.Serialize(new { Id = id, Name = Ada.Name, Method = "header", Role = "Admin", ExpiresMs = long.MaxValue }),
            JsonSerializer.Serialize(new { Id = id, Name = Ada.Name, Method = "header", Role = "Admin", KeyFingerprint = "x", ExpiresMs = "soon" }),
            JsonSerializer.Serialize(new { Id = id, Name = Ada.Name, Method = "header", Role = "Admin", KeyFingerprint = "x", ExpiresMs = 1 }),
            JsonSerializer.Serialize(new { Id = id, Name = "", Method = "bearer", Role = "Admin", ExpiresMs = long.MaxValue }),
            JsonSerializer.Serialize(new { Id = id, Name = Ada.Name, Method = "bearer", Role = "Admin", ExpiresMs = long.MaxValue }), // no OIDC configured
        ];
        foreach (var payload in payloads)
        {
            var browser = WithCookie(server, "lj_session=" + Protect(server, "LoanJourney.Server.Session.v3", payload));
            await (await browser.GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/session")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync("/api/session")).StatusCode);
        }
    }

    // Ada's cookie from a server with every test principal, which then stops: what a browser holds when it restarts.
    private async Task<string> SignInBeforeARestartAsync()
    {
        using var before = Server(TestPrincipals.All);
        return await SignInAsync(before, Ada.Key);
    }

    private ServerFactory Server(IEnumerable<(string Name, string Role, string Key)> principals, params (string Key, string Value)[] more)
    {
        var settings = TestPrincipals.Settings(principals);
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        settings["Engine:DatabasePath"] = Path.Combine(_shared, "server.db");
        settings["Server:DataProtectionKeysPath"] = Path.Combine(_shared, "keys");
        var server = new ServerFactory(settings);
        server.UseKestrelOnLoopback();
        server.StartServer();
        return server;
    }

    // The cookie as a browser would send it back ("lj_session=…"), from a sign-in with the key.
    private static async Task<string> SignInAsync(ServerFactory server, string key)
    {
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", key);
        var response = await server.CreateClient().SendAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    private static HttpClient WithCookie(ServerFactory server, string cookie)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    // A ticket as the server's own data protection seals it (the keys are the server's), under another version's purpose or with any payload.
    private static string Protect(ServerFactory server, string purpose, string payload) =>
        server.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect(payload);
}
