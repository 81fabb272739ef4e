using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using LoanJourney.Server.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// Bearer tokens from an identity provider, signed by a test key: the provider's configuration is given directly, so no
/// discovery document is fetched.
/// </summary>
public sealed class OidcTests : IDisposable
{
    private const string Issuer = "https://idp.test/realms/lenders";
    private const string Audience = "loanjourney-api";

    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32));
    private readonly ServerFactory _factory;

    public OidcTests()
    {
        _factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Server:Oidc:Authority"] = Issuer,
            ["Server:Oidc:Audience"] = Audience,
            ["Server:Oidc:RoleClaim"] = "lj_role",
            ["Server:Oidc:PartnerClaim"] = "lj_partner",
        })
        {
            ConfigureServices = services => services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                configuration.SigningKeys.Add(_key);
                o.Configuration = configuration;
            }),
        };
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AValidTokenSignsInWithItsNameAndRole()
    {
        var client = Client(Token(role: "Operator"));
        var session = await (await client.GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal("priya.ops", session["name"]!.GetValue<string>());
        Assert.Equal("Operator", session["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/instances")).StatusCode);
        var id = await client.StartAsync("test-review", new { customerId = "CUST-OIDC" });
        var cancel = await client.PostAsync($"/api/instances/{id}/cancel", Api.Json(new { reason = "token test" }));
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var audit = await (await client.GetAsync($"/api/audit?instanceId={id}&action=cancel")).ReadObjectAsync();
        Assert.Equal("priya.ops", audit["items"]![0]!["principal"]!.GetValue<string>());

        // An Operator is not an Admin.
        var erasure = await (await client.PostAsync("/api/borrowers/CUST-OIDC/erasure", Api.Json(new { reason = "x" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Admin", erasure["requiredRole"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenWithThePartnerClaimIsScopedToThatPartner()
    {
        var acme = Client(Token(role: "Operator", partner: "acme", name: "acme.integration"));
        var team = Client(Token(role: "Operator"));
        var acmes = await acme.StartAsync("test-review", new { customerId = "CUST-OIDC-ACME" });
        var teams = await team.StartAsync("test-review", new { customerId = "CUST-OIDC-TEAM" });

        var list = await (await acme.GetAsync("/api/instances")).ReadObjectAsync();
        Assert.Equal([acmes], list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        await (await acme.GetAsync($"/api/instances/{teams}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await team.GetAsync($"/api/instances/{acmes}")).StatusCode);
        var bulk = await (await acme.PostAsync("/api/instances/bulk/cancel", Api.Json(new { ids = new[] { acmes } }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("acme", bulk["partner"]!.GetValue<string>());

        // A partner claim that names no partner is refused, not read as unscoped.
        var refused = await (await Client(Token(role: "Operator", partner: "acme corp")).GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("lj_partner", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // The shapes a provider sends the partner claim in (session 44; docs/server.md "Partner scope"): a user attribute mapped
    // as a string or as a multivalued attribute (a one-element array), a group list (several), an unset attribute ("" or []),
    // or none. A principal acts for exactly one partner: one value is that partner, no claim is the team, anything else 401.
    public static TheoryData<string, string> PartnerClaimShapes => new()
    {
        { "string", "acme" },
        { "one-element array", "acme" },
        { "the same partner twice", "acme" },
        { "missing", "team" },
        { "multi-element array", "401 names 2 partners" },
        { "empty string", "401 is not a partner name" },
        { "empty array", "401 names no partner" },
        { "null", "401 is not a partner name" },
        { "array holding an empty string", "401 is not a partner name" },
    };

    [Theory]
    [MemberData(nameof(PartnerClaimShapes))]
    public async Task ThePartnerClaim_InEachShapeAProviderSends(string shape, string expected)
    {
        var payload = new Dictionary<string, object?>
        {
            ["lj_partner"] = shape switch
            {
                "string" => "acme",
                "one-element array" => new[] { "acme" },
                "the same partner twice" => new[] { "acme", "acme" },
                "multi-element array" => new[] { "acme", "zeta" },
                "empty string" => "",
                "empty array" => Array.Empty<string>(),
                "array holding an empty string" => new[] { "" },
                _ => null,
            },
        };
        if (shape == "missing")
        {
            payload.Clear();
        }

        var client = Client(Token(role: "Operator", payload: payload));
        var response = await client.GetAsync("/api/instances");
        if (expected.StartsWith("401 ", StringComparison.Ordinal))
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            var detail = problem["detail"]!.GetValue<string>();
            Assert.Contains("lj_partner", detail, StringComparison.Ordinal);
            Assert.Contains(expected[4..], detail, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await (await client.GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal(expected == "team" ? null : expected, session["partner"]?.GetValue<string>());
        var id = await client.StartAsync("test-review", new { customerId = "CUST-OIDC-" + Guid.NewGuid().ToString("N")[..8] });
        Assert.Equal(expected == "team" ? null : expected, (await client.GetInstanceAsync(id))["partnerName"]?.GetValue<string>());
    }

    [Fact]
    public async Task AnExpiredTokenIs401()
    {
        var problem = await (await Client(Token(role: "Admin", expires: TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1))).GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Expired", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIs401()
    {
        var problem = await (await Client(Token(role: "Admin", audience: "another-api")).GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Audience", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenSignedByAnotherKeyIs401() =>
        await (await Client(Token(role: "Admin", key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)))).GetAsync("/api/instances"))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

    // Every read needs Viewer, so a token without a role is refused there too (the OpenAPI document declares the 403
    // on every /api operation but the session's: OpenApiDocumentTests).
    [Theory]
    [InlineData("/api/instances")]
    [InlineData("/api/workflows")]
    [InlineData("/api/workflows/finbox-personal-loan/input-schema")]
    [InlineData("/api/dashboard/funnel?workflowId=finbox-personal-loan")]
    [InlineData("/api/events")]
    public async Task ATokenWithoutTheRoleClaimIs403NamingTheRole(string path)
    {
        var problem = await (await Client(Token(role: null)).GetAsync(path)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Viewer", problem["requiredRole"]!.GetValue<string>());
        Assert.Contains("no role", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABearerTokenSignsTheStudioIn()
    {
        var browser = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(role: "Viewer"));
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(signIn)).StatusCode);
        var session = await (await browser.GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal("Viewer", session["role"]!.GetValue<string>());
        await (await browser.PostAsync("/api/instances/no-such/cancel", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    // The handler accepts a token up to its clock skew (5 min) past its exp; a session begun then would end before it
    // began (a cookie already expired, a Studio signed in to a 401), so the sign-in says the token has expired.
    [Fact]
    public async Task ATokenPastItsExpWithinTheClockSkewSignsNoSessionIn()
    {
        var token = Token(role: "Admin", expires: TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1));
        Assert.Equal(HttpStatusCode.OK, (await Client(token).GetAsync("/api/instances")).StatusCode);

        var problem = await (await SignInAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthenticated", problem["code"]!.GetValue<string>());
        Assert.Contains("Expired", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // Session 46: a principal holds every role its token names. Lending teams give roles from the identity provider as sets;
    // an Operator who is also the team's Auditor retries journeys and files the trail, an Operator who also designs publishes.
    // Until then the principal took the strongest one (Operator) and lost the export, or publish. A retry of an unknown id
    // answers 404: authorized, then not found (the role matrix's test of "allowed").
    [Fact]
    public async Task ATokenWithOperatorAndAuditor_RetriesAndExports()
    {
        var client = Client(Token(roles: ["Operator", "Auditor"]));
        await (await client.PostAsync("/api/instances/no-such-id/incident/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/audit/export")).StatusCode);

        var session = await (await client.GetAsync("/api/session")).ReadObjectAsync();
        Assert.Equal(["Operator", "Auditor"], session["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        // Neither role publishes nor erases: the 403 names the role needed and every role held.
        var erasure = await (await client.PostAsync("/api/borrowers/CUST-OIDC/erasure", Api.Json(new { reason = "x" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Admin", erasure["requiredRole"]!.GetValue<string>());
        Assert.Equal(["Operator", "Auditor"], erasure["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("'priya.ops' is Operator and Auditor", erasure["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenWithOperatorAndDesigner_PublishesAndRetries()
    {
        var client = Client(Token(roles: ["operator", "Designer"])); // case-insensitive, as one role always was
        await (await client.PostAsync("/api/instances/no-such-id/incident/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var publish = await client.PostAsync("/api/workflows/no-such-workflow/publish", Api.Json(new { expectedRevision = 1, reason = "role sets" }));
        Assert.Equal(HttpStatusCode.NotFound, publish.StatusCode);

        // A session signed in with the token keeps both (the ticket carries the set).
        var browser = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(roles: ["Operator", "Designer"]));
        var signedIn = await (await browser.SendAsync(signIn)).ReadObjectAsync();
        Assert.Equal(["Operator", "Designer"], signedIn["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("Operator", signedIn["role"]!.GetValue<string>()); // the strongest, for clients that read one
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync("/api/instances/no-such-id/incident/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await browser.PostAsync("/api/workflows/no-such-workflow/publish", Api.Json(new { expectedRevision = 1, reason = "role sets" }))).StatusCode);
    }

    // The unknown-role rule is unchanged: a name that is none of the five grants nothing. Beside Viewer the token is a
    // Viewer (reads, and the retry is refused naming Operator); alone, as before, it holds no role.
    [Fact]
    public async Task ATokenWithViewerAndAnUnknownRole_IsAViewer_AndTheUnknownRoleGrantsNothing()
    {
        var client = Client(Token(roles: ["Viewer", "Supervisor"]));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/instances")).StatusCode);
        var retry = await (await client.PostAsync("/api/instances/no-such-id/incident/retry", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("role_required", retry["code"]!.GetValue<string>());
        Assert.Equal("Operator", retry["requiredRole"]!.GetValue<string>());
        Assert.Equal("Viewer", retry["role"]!.GetValue<string>());
        Assert.Equal(["Viewer"], retry["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        var unknownOnly = await (await Client(Token(roles: ["Supervisor", "Auditors"])).GetAsync("/api/instances")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Viewer", unknownOnly["requiredRole"]!.GetValue<string>());
        Assert.Contains("no role", unknownOnly["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // A session of a principal without a role could open no page; the sign-in form shows why instead.
    [Fact]
    public async Task ATokenWithoutAKnownRoleSignsNoSessionIn()
    {
        foreach (var role in new[] { null, "Superuser" })
        {
            var problem = await (await SignInAsync(Token(role))).AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("role_required", problem["code"]!.GetValue<string>());
            Assert.Equal("Viewer", problem["requiredRole"]!.GetValue<string>());
            Assert.Contains("no role", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> SignInAsync(string token)
    {
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _factory.CreateClient().SendAsync(signIn);
    }

    // The identity provider, not our configuration, knows the token's principal: the session cannot be checked against it
    // later, so it lasts no longer than the token (docs/server.md, "Sessions").
    [Fact]
    public async Task ASessionSignedInWithATokenEndsWithTheToken()
    {
        var tokenExpires = TimeProvider.System.GetUtcNow().AddMinutes(10);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(role: "Viewer", expires: tokenExpires.UtcDateTime));
        var session = await (await _factory.CreateClient().SendAsync(signIn)).ReadObjectAsync();

        var expiresAt = session["expiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt, tokenExpires.AddSeconds(-1), tokenExpires); // a JWT's exp is in whole seconds
    }

    private HttpClient Client(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Token(string? role = null, DateTime? expires = null, string audience = Audience, SecurityKey? key = null, string? partner = null, string name = "priya.ops",
        IDictionary<string, object?>? payload = null, string[]? roles = null)
    {
        var claims = new List<Claim> { new("sub", "u-123"), new("preferred_username", name) };
        // Several roles as one claim per value: the token handler writes them as a JSON array, as providers send groups.
        foreach (var r in roles ?? (role is null ? [] : [role]))
        {
            claims.Add(new Claim("lj_role", r));
        }

        if (partner is not null)
        {
            claims.Add(new Claim("lj_partner", partner));
        }

        var expiry = expires ?? TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = expiry.AddMinutes(-30),
            IssuedAt = expiry.AddMinutes(-30),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.HmacSha256),
            Claims = payload?.ToDictionary(p => p.Key, p => p.Value!),
        });
    }
}
