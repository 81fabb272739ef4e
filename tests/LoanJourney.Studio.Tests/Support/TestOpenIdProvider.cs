using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// An OpenID provider for the token sign-in tests: Kestrel on a free port of 127.0.0.1 serving the discovery document
/// (<c>/.well-known/openid-configuration</c>) and a JWKS of the RSA keys it holds, and tokens signed with its current key.
/// The server under test is pointed at it with <see cref="ServerSettings"/>, over http (docs/server.md, "OIDC").
/// </summary>
internal sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string Audience = "loanjourney-studio";
    public const string RoleClaim = "lj_role";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<RsaSecurityKey> _published = [];
    private RsaSecurityKey _current;

    private TestOpenIdProvider(WebApplication app)
    {
        _app = app;
        _current = NewKey();
        _published.Add(_current);
    }

    /// <summary>The issuer (<c>http://127.0.0.1:{port}</c>): the tokens' <c>iss</c> and the server's <c>Server:Oidc:Authority</c>.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>How many times the JWKS was fetched (the server reads it at its first token and again when a key is new to it).</summary>
    public int KeySetReads => Volatile.Read(ref _keySetReads);

    private int _keySetReads;

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new TestOpenIdProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Issuer,
            ["jwks_uri"] = provider.Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref provider._keySetReads);
            return Results.Json(new { keys = provider.PublishedKeys() });
        });
        await app.StartAsync();
        provider.Issuer = app.Urls.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>The server's <c>Server:Oidc</c> settings for this provider (http, so <c>RequireHttpsMetadata</c> is false).</summary>
    public IEnumerable<KeyValuePair<string, string>> ServerSettings() =>
    [
        KeyValuePair.Create("Server:Oidc:Authority", Issuer),
        KeyValuePair.Create("Server:Oidc:Audience", Audience),
        KeyValuePair.Create("Server:Oidc:RoleClaim", RoleClaim),
        KeyValuePair.Create("Server:Oidc:RequireHttpsMetadata", "false"),
    ];

    /// <summary>
    /// A new signing key with a new <c>kid</c>, published beside the old one (as providers do while tokens signed by the old
    /// key are still in use); tokens are signed with it from now on.
    /// </summary>
    public void RotateKey()
    {
        lock (_gate)
        {
            _current = NewKey();
            _published.Add(_current);
        }
    }

    /// <summary>
    /// A token for <paramref name="name"/> (<c>preferred_username</c>) with <paramref name="role"/> in <see cref="RoleClaim"/>
    /// (none when null), valid until <paramref name="expires"/>, for <paramref name="audience"/>.
    /// </summary>
    public string Token(string name, string? role, DateTimeOffset expires, string audience = Audience)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "sub-" + name, ["preferred_username"] = name };
        if (role is not null)
        {
            claims[RoleClaim] = role;
        }

        RsaSecurityKey key;
        lock (_gate)
        {
            key = _current;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            IssuedAt = expires.UtcDateTime.AddHours(-1),
            NotBefore = expires.UtcDateTime.AddHours(-1),
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private object[] PublishedKeys()
    {
        lock (_gate)
        {
            return [.. _published.Select(k =>
            {
                var p = k.Rsa.ExportParameters(includePrivateParameters: false);
                return (object)new { kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = k.KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) };
            })];
        }
    }

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_gate)
        {
            foreach (var key in _published)
            {
                key.Rsa.Dispose();
            }
        }
    }
}
