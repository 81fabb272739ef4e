using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// A principal holds a set of roles (session 46; docs/server.md, "Roles"): a <c>Server:Principals</c> entry may give
/// <c>Roles</c> instead of <c>Role</c>, the principal may do what any of them allows, and a session keeps the set.
/// Bearer tokens with several roles: <see cref="OidcTests"/>.
/// </summary>
public sealed class RoleSetTests
{
    private const string Key = "operator-auditor-key-0123456789";

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public async Task AKeyGivenOperatorAndAuditor_RetriesAndExports_WithTheKeyAndInItsSession()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Server:Principals:0:Name"] = "omar-ops-audit",
            ["Server:Principals:0:Roles:0"] = "Operator",
            ["Server:Principals:0:Roles:1"] = "auditor",
            ["Server:Principals:0:KeySha256"] = Hash(Key),
        });

        var client = factory.CreateClient(Key);
        await (await client.PostAsync("/api/instances/no-such-id/incident/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/audit/export")).StatusCode);
        var publish = await (await client.PostAsync("/api/workflows/test-review/publish", Api.Json(new { expectedRevision = 1, reason = "x" })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Designer", publish["requiredRole"]!.GetValue<string>());
        Assert.Equal("Operator", publish["role"]!.GetValue<string>());
        Assert.Contains("'omar-ops-audit' is Operator and Auditor", publish["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(signIn)).StatusCode);
        var session = await (await browser.GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal(["Operator", "Auditor"], session["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/audit/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync("/api/instances/no-such-id/incident/retry", null)).StatusCode);
    }

    // Both keys at once is refused, not added up: an environment file's Roles merged by index over a base file's Role would
    // otherwise give a principal more (or other) than either file says. A misspelt role in the list is refused as a misspelt
    // Role always was, and a set that reduces (Viewer beside Operator, anything beside Admin) reads as its strongest.
    [Fact]
    public void TheConfiguration_GivesRoleOrRoles_NeverBoth_AndEveryRoleMustBeOne()
    {
        var read = AuthSetup.PrincipalsReader(new OidcOptions(), new Environment());

        var both = Entry(("Role", "Operator"), ("Roles:0", "Auditor"));
        Assert.Contains("Server:Principals:0 gives both Role ('Operator') and Roles (Auditor)", Assert.Throws<InvalidOperationException>(() => read(both)).Message, StringComparison.Ordinal);

        var misspelt = Entry(("Roles:0", "Operator"), ("Roles:1", "Auditer"));
        Assert.Contains("the role 'Auditer' is none of", Assert.Throws<InvalidOperationException>(() => read(misspelt)).Message, StringComparison.Ordinal);

        var none = Entry(("Roles:0", " "));
        Assert.Contains("is invalid: it needs a Name, a Role", Assert.Throws<InvalidOperationException>(() => read(none)).Message, StringComparison.Ordinal);

        Assert.Equal(["Operator", "Auditor"], Assert.Single(read(Entry(("Roles:0", "Auditor"), ("Roles:1", "Viewer"), ("Roles:2", "Operator")))).Roles);
        Assert.Equal(["Admin"], Assert.Single(read(Entry(("Roles:0", "Designer"), ("Roles:1", "Admin")))).Roles);
        Assert.Equal(["Designer"], Assert.Single(read(Entry(("Role", "designer")))).Roles);
    }

    [Fact]
    public void APartnerScopedPrincipal_MayHoldOnlyViewerAndOperator()
    {
        var read = AuthSetup.PrincipalsReader(new OidcOptions(), new Environment());
        Assert.Equal(["Operator"], Assert.Single(read(Entry(("Roles:0", "Viewer"), ("Roles:1", "Operator"), ("Partner", "acme")))).Roles);
        Assert.Contains("with the role Auditor", Assert.Throws<InvalidOperationException>(() => read(Entry(("Roles:0", "Operator"), ("Roles:1", "Auditor"), ("Partner", "acme")))).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AReload_NamesTheRolesAPrincipalGainedOrLost()
    {
        var hash = new byte[32];
        var changes = PrincipalsReload.Changes(
            [new KeyPrincipal("oscar", "Operator", hash)],
            [new KeyPrincipal("oscar", ["Operator", "Auditor"], hash), new KeyPrincipal("dana", ["Operator", "Designer"], hash)]);
        Assert.Equal(["oscar roles Operator and Auditor (was Operator)", "dana added (Operator and Designer)"], changes);
    }

    // A ticket issued before principals held sets carries only its one role: it still reads, as that role.
    [Fact]
    public void ASessionTicketFromBeforeRoleSets_ReadsAsItsOneRole()
    {
        var old = JsonSerializer.Deserialize<SessionTicket>("""{"Id":"x","Name":"priya","Method":"bearer","Role":"Operator","KeyFingerprint":null,"ExpiresMs":1}""")!;
        Assert.Equal(["Operator"], old.HeldRoles);
        var now = old with { Roles = ["Operator", "Auditor"] };
        Assert.Equal(["Operator", "Auditor"], JsonSerializer.Deserialize<SessionTicket>(JsonSerializer.Serialize(now))!.HeldRoles);
    }

    private static IConfiguration Entry(params (string Key, string Value)[] values)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Server:Principals:0:Name"] = "someone",
            ["Server:Principals:0:KeySha256"] = Hash(Key),
        };
        foreach (var (key, value) in values)
        {
            settings[$"Server:Principals:0:{key}"] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "LoanJourney.Server";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
