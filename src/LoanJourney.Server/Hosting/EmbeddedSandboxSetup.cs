using LoanJourney.Activities.Journey;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Sandbox;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoanJourney.Server.Hosting;

/// <summary>
/// Where the server's own addresses come from when configuration does not name them: the address the server actually
/// listens on (<see cref="ListeningAddress"/>, known once it has started), so <c>--urls</c>, <c>ASPNETCORE_URLS</c> and
/// port 0 need no other change. Explicit configuration always wins.
/// </summary>
internal static class EmbeddedSandboxSetup
{
    /// <summary>Where <see cref="AddEmbeddedSandbox"/> mounts the lender APIs.</summary>
    public const string Prefix = "/sandbox";

    private static readonly string[] Lenders = [LenderNames.FinBoxPrism, LenderNames.FinBoxSourcing, LenderNames.CapitalFloat, LenderNames.Partner];

    /// <summary>
    /// <c>Journeys:PublicBaseUrl</c> (the callback base handed to partners), when unset, is the listening address — in
    /// Development, or beside the embedded sandbox, whose partner posts its results to this same process. Anywhere else an
    /// unset value stops the start (walk 45): a node started as docs/scale-out.md says (<c>--urls http://0.0.0.0:8080</c>)
    /// handed partners <c>http://127.0.0.1:8080/webhooks/partner/handshake/…</c>, which no partner can reach, so every async
    /// handshake waited for its timeout and ended <c>HandshakeTimedOut</c>; on several nodes it named one node, not the load
    /// balancer. The same rule as a webhook source without verification (docs/server.md, "Webhooks").
    /// </summary>
    public static IServiceCollection AddListeningAddress(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, bool sandboxEnabled)
    {
        services.TryAddSingleton<ListeningAddress>();
        if (IsUnset(configuration["Journeys:PublicBaseUrl"]) && !environment.IsDevelopment() && !sandboxEnabled)
        {
            throw new InvalidOperationException(
                $"Journeys:PublicBaseUrl is not set (environment '{environment.EnvironmentName}'): partners post their handshake results to it " +
                "(/webhooks/partner/handshake/…), and without it they would be given this node's own listening address, which they cannot reach, " +
                "so an async handshake would wait for its timeout. Set it to the public address partners reach (the load balancer in front of the nodes), " +
                "the same on every node (Journeys__PublicBaseUrl=https://…).");
        }

        if (IsUnset(configuration["Journeys:PublicBaseUrl"]))
        {
            services.AddOptions<JourneyOptions>().PostConfigure<ListeningAddress>((o, address) => o.PublicBaseUrl = address.Root);
        }

        return services;
    }

    /// <summary>
    /// The lender sandbox inside the server: its state in <c>sandbox.db</c> beside the engine's database (same data folder,
    /// same <c>Engine:Synchronous</c>) unless <c>Sandbox:DataPath</c>/<c>Sandbox:Synchronous</c> say otherwise, and every lender
    /// whose <c>Lenders:{name}:BaseUrl</c> is unset pointed at <c>{listening address}/sandbox</c>, and so every partner's API
    /// (<c>Lenders:Partners:{partner}</c>) whose <c>BaseUrl</c> is unset, at <c>{listening address}/sandbox/partners/{partner}</c>: the
    /// sandbox plays each partner, signing its async handshake results with that partner's own secret. A partner needs its own
    /// section still (its <c>Authorization</c>): without one its journeys stop on an incident, the sandbox or not.
    /// </summary>
    public static IServiceCollection AddEmbeddedSandbox(this IServiceCollection services, IConfiguration configuration, ServerPaths paths)
    {
        services.AddLenderSandbox(configuration);
        services.PostConfigure<SandboxOptions>(o =>
        {
            var engineDatabase = paths.Resolve(configuration["Engine:DatabasePath"] is { Length: > 0 } db ? db : Path.Combine("data", "loanjourney.db"));
            o.DataPath = IsUnset(o.DataPath) ? Path.Combine(Path.GetDirectoryName(engineDatabase)!, "sandbox.db") : paths.Resolve(o.DataPath!);
            if (IsUnset(configuration["Sandbox:Synchronous"]) && configuration["Engine:Synchronous"] is { Length: > 0 } synchronous)
            {
                o.Synchronous = synchronous;
            }

            // The sandbox plays each partner with that partner's own inbound secret (Webhook:Partners:<partner>:Secret) unless
            // Sandbox:PartnerCallbackSecrets names another: a partner's journey refuses a callback signed with anyone else's.
            foreach (var section in configuration.GetSection("Webhook:Partners").GetChildren())
            {
                if (section["Secret"] is { Length: > 0 } secret)
                {
                    o.PartnerCallbackSecrets.TryAdd(section.Key, secret);
                }
            }
        });
        foreach (var lender in Lenders.Where(l => IsUnset(configuration[$"Lenders:{l}:BaseUrl"])))
        {
            services.AddOptions<LenderOptions>(lender).PostConfigure<ListeningAddress>((o, address) => o.BaseUrl = address.Resolve(Prefix));
        }

        // Each partner's API at the sandbox's route of its own (/sandbox/partners/<partner>), which signs that partner's async
        // handshake results with its own secret (session 47: the sandbox signed every partner's with one).
        foreach (var partner in PartnerTokenClients.ConfiguredPartners(configuration).Where(p => IsUnset(configuration[$"Lenders:{LenderNames.PartnerOf(p)}:BaseUrl"])))
        {
            services.AddOptions<LenderOptions>(LenderNames.PartnerOf(partner))
                .PostConfigure<ListeningAddress>((o, address) => o.BaseUrl = address.Resolve($"{Prefix}/partners/{partner}"));
        }

        return services;
    }

    private static bool IsUnset(string? value) => string.IsNullOrWhiteSpace(value);
}
