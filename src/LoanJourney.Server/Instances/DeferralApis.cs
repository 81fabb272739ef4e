using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Instances;

/// <summary>
/// The lender APIs a <c>deferredOn</c> filter may name (session 49): every API this server is configured with (the four under
/// <c>Lenders:</c> and one per <c>Lenders:Partners:{partner}</c>) and every API a waiting journey's deferral names now (its timer's
/// key), so a partner removed from configuration while its journeys still wait is still found. Any other name is a 400 naming the
/// field, with the known names and the nearest one: a typo (<c>CapitalFlaot</c>) had answered an empty list, as if no journey waited.
/// </summary>
internal sealed class DeferralApis(IWorkflowClient client, PartnerTokenClients partners)
{
    private readonly string[] _configured =
    [
        LenderNames.FinBoxPrism, LenderNames.FinBoxSourcing, LenderNames.CapitalFloat, LenderNames.Partner,
        .. partners.Partners.Order(StringComparer.Ordinal).Select(LenderNames.PartnerOf),
    ];

    /// <summary>
    /// Null when <paramref name="query"/>'s <c>deferredOn</c> is absent, <c>any</c>, a configured API or one a waiting journey is
    /// deferred on; else the 400 naming <paramref name="field"/>. The store is asked only for a name not configured: one index
    /// seek per API waited on (<see cref="IWorkflowClient.GetDeferralApisAsync"/>), however many journeys wait. A partner-scoped
    /// principal (<paramref name="partner"/>) is told of the four lender APIs and its own partner API only, never another partner's:
    /// which partners exist is not its to learn, from the answer or from which names are refused.
    /// </summary>
    public async Task<ProblemHttpResult?> RefusalAsync(InstanceQuery query, string field, string? partner, CancellationToken cancellationToken)
    {
        if (query.DeferredOn is not { } api || api == InstanceQuery.AnyDeferral)
        {
            return null;
        }

        if (partner is not null)
        {
            string[] own = [.. _configured.Where(c => !c.StartsWith(LenderNames.Partners + ":", StringComparison.Ordinal)), LenderNames.PartnerOf(partner)];
            return own.Contains(api, StringComparer.Ordinal) ? null : Refusal(field, api, own);
        }

        if (_configured.Contains(api, StringComparer.Ordinal))
        {
            return null;
        }

        var waitedOn = await client.GetDeferralApisAsync(cancellationToken);
        if (waitedOn.Contains(api, StringComparer.Ordinal))
        {
            return null;
        }

        return Refusal(field, api, [.. _configured, .. waitedOn.Where(w => !_configured.Contains(w, StringComparer.Ordinal)).Order(StringComparer.Ordinal)]);
    }

    private static ProblemHttpResult Refusal(string field, string api, IReadOnlyList<string> known)
    {
        var near = known.FirstOrDefault(k => string.Equals(k, api, StringComparison.OrdinalIgnoreCase)) ?? WorkflowCompiler.Closest(api, known);
        return Problem.Invalid(field,
            $"No lender API '{Pii.ScrubText(api)}'.{(near is null ? "" : $" Did you mean '{near}'?")} Known: {string.Join(", ", known)} " +
            "(the APIs configured under Lenders: and any a waiting journey is deferred on), or 'any' for every journey waiting out an open circuit breaker.");
    }
}
