using System.Security.Claims;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Auth;

/// <summary>
/// Partner-scoped principals (docs/server.md, "Partner scope"): a principal with a partner (<c>Server:Principals</c>
/// <c>Partner</c>, or the token claim <c>Server:Oidc:PartnerClaim</c>) may call only the endpoints marked with
/// <see cref="AllowPartners{TBuilder}"/> (start, list, read, journal, signal, cancel, a workflow's input schema and sample), and
/// on a journey only its own (<see cref="OwnJourneysOnly"/>): another partner's, or the team's, answers 404 as an unknown
/// id does. Everything else (bulk, incidents, alterations, design, audit, erasure, the dashboard, the live feed) is
/// refused by <see cref="RoleRequirementHandler"/> with 403 <c>role_required</c>. Unmarked is refused, so an endpoint
/// added later is the team's until someone decides otherwise.
/// </summary>
internal static class PartnerScope
{
    public const int MaxLength = 64;

    public static readonly string Rule = $"1 to {MaxLength} letters, digits, '-', '_' or '.' (e.g. \"acme\").";

    /// <summary>The endpoint metadata that opens an endpoint to partner-scoped principals.</summary>
    internal sealed class Allowed
    {
        public static readonly Allowed Instance = new();
    }

    /// <summary>The partner name trimmed, or null when it is not one (<see cref="Rule"/>).</summary>
    public static string? Normalize(string? partner) =>
        partner?.Trim() is { Length: > 0 and <= MaxLength } trimmed && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? trimmed
            : null;

    /// <summary>Opens the endpoints of <paramref name="builder"/> to partner-scoped principals (their role still applies).</summary>
    public static TBuilder AllowPartners<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Allowed.Instance);

    /// <summary>Whether the endpoint being authorized (<paramref name="resource"/>: its HttpContext) is open to scoped principals.</summary>
    public static bool Allows(object? resource) =>
        resource is HttpContext context && context.GetEndpoint()?.Metadata.GetMetadata<Allowed>() is not null;

    /// <summary>
    /// An endpoint filter for the routes on one journey (<c>{id}</c>): a scoped principal acting on a journey its partner
    /// did not start gets the 404 of an unknown id (the same problem, so nothing says it exists). Unscoped: nothing checked.
    /// </summary>
    public static async ValueTask<object?> OwnJourneysOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Partner() is { } partner && http.Request.RouteValues["id"] is string id)
        {
            var client = http.RequestServices.GetRequiredService<IWorkflowClient>();
            var instance = await client.GetInstanceAsync(id, http.RequestAborted);
            if (!string.Equals(instance.Partner, partner, StringComparison.Ordinal))
            {
                throw new InstanceNotFoundException(id);
            }
        }

        return await next(context);
    }

    /// <summary>
    /// The key a start's <c>Idempotency-Key</c> is stored under (<see cref="IdempotencyKeys.Stored"/>): a scoped principal's in
    /// its partner's namespace, so two partners sending the same key start two journeys and never receive each other's; an
    /// unscoped principal's as sent (as before). A child journey the engine starts for the partner's journey uses the same rule.
    /// </summary>
    public static string StoredIdempotencyKey(ClaimsPrincipal user, string key) => IdempotencyKeys.Stored(user.Partner(), key);
}
