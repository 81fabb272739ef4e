using System.Security.Claims;
using LoanJourney.Sandbox;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LoanJourney.Server.Auth;

internal static class AuthSetup
{
    private const string SelectorScheme = "ApiKeyOrBearer";

    /// <summary>
    /// The algorithms of every Data Protection key this server creates: AES-256-GCM (an AEAD; Data Protection still derives
    /// a key per value). Its default, AES-256-CBC + HMAC-SHA256, costs about 1.7 × the CPU per value (docs/server.md,
    /// "Data at rest"). A key keeps the algorithms it was created with, so values written under older keys still read.
    /// </summary>
    internal static AuthenticatedEncryptorConfiguration KeyAlgorithms => new()
    {
        EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
    };

    /// <summary>
    /// Principals from <c>Server:Principals</c> (name, role or roles, SHA-256 of the key) and the legacy <c>Server:ApiKeys</c>
    /// (plain keys, each an Admin named <c>api-key-N</c>); Development falls back to <c>dev-key</c> as the Admin <c>dev</c>
    /// when neither is set, any other environment refuses to start. With <c>Server:Oidc:Authority</c> set, bearer tokens
    /// are accepted too. Session tickets are protected with keys under <c>Server:DataProtectionKeysPath</c>.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, ServerPaths paths)
    {
        var oidc = configuration.GetSection("Server:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        if (oidc.Enabled && string.IsNullOrWhiteSpace(oidc.Audience))
        {
            throw new InvalidOperationException(
                "Server:Oidc:Audience is required with Server:Oidc:Authority (this API's client id or resource at the identity provider): " +
                "without it, a token the provider issued to any other application would be accepted here.");
        }

        var principals = ReadPrincipals(configuration, oidc, environment);
        var usingDevelopmentKey = !oidc.Enabled && ReadConfiguredPrincipals(configuration).Count == 0;

        var sessionLifetime = configuration.GetValue("Server:SessionLifetime", TimeSpan.FromHours(12));
        if (sessionLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Server:SessionLifetime must be positive (how long a Studio sign-in lasts), not {sessionLifetime}.");
        }

        services.AddSingleton(new ApiKeyOptions
        {
            Principals = principals,
            SessionLifetime = sessionLifetime,
        });
        services.AddSingleton(oidc);
        services.AddSingleton<SessionTickets>();
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<PartnerApiCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<PartnerApiCheck>());
        services.AddHostedService(sp => new PrincipalsReload(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ApiKeyOptions>(),
            PrincipalsReader(oidc, environment), sp.GetRequiredService<ILogger<PrincipalsReload>>(), PrincipalsChanged(sp)));
        services.AddHostedService<Hosting.StartOnlySettingsWatch>(); // says when a file changes what only a restart applies
        services.AddSingleton<SessionCheck>();
        services.AddDataProtection()
            .SetApplicationName("LoanJourney.Server")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.Resolve(configuration["Server:DataProtectionKeysPath"] ?? Path.Combine("data", "keys"))))
            .UseCryptographicAlgorithms(KeyAlgorithms);

        var authentication = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key, session or bearer token", o => o.ForwardDefaultSelector = context =>
                oidc.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (oidc.Enabled)
        {
            // A token whose kid is new (the provider rotated its key) makes the handler read the JWKS again and validate the
            // token against it. By default (IdentityModel 8) that read runs in the background and the token that asked for it
            // is refused (SignatureKeyNotFound): the first sign-in after every rotation failed. Blocking, the token waits for
            // the read; the handler still reads at most once per RefreshInterval (5 min), so unknown kids cannot flood the
            // provider (docs/server.md, "OIDC").
            AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", isEnabled: true);
            authentication.AddJwtBearer(o => ConfigureBearer(o, oidc, environment));
        }

        services.AddSingleton<IAuthorizationHandler, RoleRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsProblem>();
        services.AddAuthorization(Policies.Add);
        if (environment.IsDevelopment())
        {
            services.AddHostedService(sp => new DevelopmentStudioAddress(usingDevelopmentKey, sp.GetRequiredService<ListeningAddress>(),
                sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<DevelopmentStudioAddress>>()));
        }

        return services;
    }

    private const string DevelopmentPrincipal = "dev";

    /// <summary>How a reload reads the principals: as at start, with the start's OIDC settings and environment.</summary>
    // What a reload of the principals checks again: each partner's outbound API (event 2011) and inbound section (event 2001).
    private static Action PrincipalsChanged(IServiceProvider services)
    {
        var outbound = services.GetRequiredService<PartnerApiCheck>();
        var inbound = services.GetService<LoanJourney.Server.Webhooks.PartnerInboundWarning>();
        return () =>
        {
            outbound.PrincipalsChanged();
            inbound?.PrincipalsChanged();
        };
    }

    internal static Func<IConfiguration, IReadOnlyList<KeyPrincipal>> PrincipalsReader(OidcOptions oidc, IHostEnvironment environment) =>
        configuration => ReadPrincipals(configuration, oidc, environment);

    /// <summary>
    /// The key principals the configuration names, checked (a malformed entry throws, naming it); with none and no OIDC,
    /// Development's <c>dev-key</c> and any other environment throws. Read at start and again on each reload.
    /// </summary>
    private static List<KeyPrincipal> ReadPrincipals(IConfiguration configuration, OidcOptions oidc, IHostEnvironment environment)
    {
        var principals = ReadConfiguredPrincipals(configuration);
        if (principals.Count == 0 && !oidc.Enabled)
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"No principal is configured for the management API (environment '{environment.EnvironmentName}'). Add Server:Principals " +
                    "entries { Name, Role, KeySha256 } (hash a key with `dotnet run --project src/LoanJourney.Server -- hash-key`), or set " +
                    "Server:Oidc:Authority, or (legacy, Admin only) Server:ApiKeys / the environment variable Server__ApiKeys__0. " +
                    "Only the Development environment falls back to the documented key 'dev-key'.");
            }

            principals.Add(new KeyPrincipal(DevelopmentPrincipal, Roles.Admin, ApiKeys.Hash(ApiKeyOptions.DevelopmentKey)));
        }

        return principals;
    }

    private static List<KeyPrincipal> ReadConfiguredPrincipals(IConfiguration configuration)
    {
        var result = new List<KeyPrincipal>();
        var entries = configuration.GetSection("Server:Principals").Get<PrincipalEntry[]>() ?? [];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var roles = EntryRoles(entry, i);
            var hash = entry.KeySha256?.Trim() ?? "";
            if (string.IsNullOrWhiteSpace(entry.Name) || roles.Count == 0 || hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            {
                throw new InvalidOperationException(
                    $"Server:Principals:{i} is invalid: it needs a Name, a Role (one of {string.Join(", ", Roles.All)}) or Roles (several of them), and KeySha256 " +
                    "(64 hex digits: the SHA-256 of the key, from `dotnet run --project src/LoanJourney.Server -- hash-key`).");
            }

            if (result.Any(p => string.Equals(p.Name, entry.Name.Trim(), StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"Server:Principals:{i}: the name '{entry.Name}' is used twice; the audit trail needs one name per principal.");
            }

            string? partner = null;
            if (entry.Partner is not null)
            {
                partner = PartnerScope.Normalize(entry.Partner) ?? throw new InvalidOperationException(
                    $"Server:Principals:{i}:Partner is invalid: {PartnerScope.Rule}");
                if (roles.FirstOrDefault(r => r is not (Roles.Viewer or Roles.Operator)) is { } role)
                {
                    throw new InvalidOperationException(
                        $"Server:Principals:{i} is scoped to partner '{partner}' with the role {role}: a partner-scoped principal is a Viewer " +
                        "(reads its journeys) or an Operator (also starts, signals and cancels them); designing, erasure and the rest are the team's.");
                }
            }

            result.Add(new KeyPrincipal(entry.Name.Trim(), roles, Convert.FromHexString(hash), partner));
        }

        var legacy = configuration.GetSection("Server:ApiKeys").Get<string[]>()?.Where(k => !string.IsNullOrWhiteSpace(k)).ToArray() ?? [];
        for (var i = 0; i < legacy.Length; i++)
        {
            result.Add(new KeyPrincipal($"api-key-{i + 1}", Roles.Admin, ApiKeys.Hash(legacy[i])));
        }

        return result;
    }

    /// <summary>
    /// The roles a <c>Server:Principals</c> entry gives (<see cref="Roles.Held"/>; empty when it gives none): its <c>Role</c>
    /// or its <c>Roles</c>. Both at once, or a name that is no role, stops the start (or a reload) naming the entry: an
    /// environment file's <c>Roles</c> merged by index over a base file's <c>Role</c> must not quietly add up, and a
    /// misspelt role must not quietly grant less (or, in a list, be dropped) than the file says.
    /// </summary>
    private static IReadOnlyList<string> EntryRoles(PrincipalEntry entry, int index)
    {
        var list = entry.Roles?.Where(r => !string.IsNullOrWhiteSpace(r)).ToArray() ?? [];
        var given = list.Length > 0 ? list : string.IsNullOrWhiteSpace(entry.Role) ? [] : [entry.Role];
        if (list.Length > 0 && !string.IsNullOrWhiteSpace(entry.Role))
        {
            throw new InvalidOperationException(
                $"Server:Principals:{index} gives both Role ('{entry.Role}') and Roles ({string.Join(", ", list)}): give one (Roles: [\"{entry.Role}\", …] for several).");
        }

        if (given.FirstOrDefault(r => Roles.Normalize(r) is null) is { } unknown)
        {
            throw new InvalidOperationException(
                $"Server:Principals:{index} is invalid: the role '{unknown}' is none of {string.Join(", ", Roles.All)}.");
        }

        return Roles.Held(given);
    }

    /// <summary>
    /// The partner a token's <paramref name="claim"/> names (null when the token does not carry the claim: an unscoped
    /// principal), or why the token is refused (401). A claim present but naming no partner (an empty string, an empty
    /// array, null, a malformed name) or several partners (an array of two) is refused, never read as unscoped or as its
    /// first element: a principal acts for exactly one partner (session 44; docs/server.md "Partner scope"). A string and
    /// a one-element array are the same claim (providers send either, by how the attribute is mapped).
    /// </summary>
    internal static string? TokenPartner(SecurityToken securityToken, ClaimsPrincipal token, string claim, out string? partner)
    {
        partner = null;
        // The handler turns a JSON array into one claim per element (none for []), so the payload says whether it was sent.
        var values = token.FindAll(claim).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        if (values.Count == 0 && !(securityToken is JsonWebToken jwt && jwt.TryGetPayloadValue<object>(claim, out _)))
        {
            return null;
        }

        if (values.Count != 1)
        {
            return $"The token's {claim} claim names {(values.Count == 0 ? "no partner" : $"{values.Count} partners")}: a principal acts for exactly one partner.";
        }

        partner = PartnerScope.Normalize(values[0]);
        return partner is null ? $"The token's {claim} claim is not a partner name: {PartnerScope.Rule}" : null;
    }

    private static void ConfigureBearer(JwtBearerOptions options, OidcOptions oidc, IHostEnvironment environment)
    {
        options.Authority = oidc.Authority;
        options.Audience = oidc.Audience;
        options.RequireHttpsMetadata = oidc.RequireHttpsMetadata || !environment.IsDevelopment();
        options.MapInboundClaims = false; // claim names as the token spells them: RoleClaim/NameClaim are configured in those terms
        options.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
        options.TokenValidationParameters.NameClaimType = oidc.NameClaim;
        options.Events = new JwtBearerEvents
        {
            // Every scheme yields the same principal shape (PrincipalClaims), so policies and the audit trail read one thing.
            OnTokenValidated = context =>
            {
                var token = context.Principal!;
                var name = token.FindFirst(oidc.NameClaim)?.Value ?? token.FindFirst("sub")?.Value ?? "unknown";
                // Every role the claim names (session 46; one claim per value of an array): the principal holds them all.
                var roles = token.FindAll(oidc.RoleClaim).Select(c => c.Value).ToList();
                string? partner = null;
                if (oidc.PartnerClaim is { Length: > 0 } partnerClaim && TokenPartner(context.SecurityToken, token, partnerClaim, out partner) is { } refusal)
                {
                    context.Fail(refusal);
                    return Task.CompletedTask;
                }

                context.Principal = PrincipalClaims.Create(name, roles, PrincipalClaims.Bearer, JwtBearerDefaults.AuthenticationScheme, partner,
                    token.FindFirst("sub")?.Value);
                // A Studio session signed in with the token ends with it (SessionApi reads this back).
                if (context.SecurityToken.ValidTo > DateTime.MinValue)
                {
                    context.Properties.ExpiresUtc = new DateTimeOffset(DateTime.SpecifyKind(context.SecurityToken.ValidTo, DateTimeKind.Utc));
                }

                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var detail = context.AuthenticateFailure is { } failure
                    ? failure is AuthenticationFailureException
                        ? $"The bearer token was refused: {failure.Message}" // ours (OnTokenValidated's context.Fail), which says why
                        : $"The bearer token was refused: {failure.GetType().Name.Replace("SecurityToken", "", StringComparison.Ordinal).Replace("Exception", "", StringComparison.Ordinal)}."
                    : "Send a bearer token, the X-Api-Key header, or sign in with POST /api/session.";
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Problem.Create(StatusCodes.Status401Unauthorized, "Authentication required", detail, "unauthenticated").ExecuteAsync(context.HttpContext);
            },
        };
    }
}
