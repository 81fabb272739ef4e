using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>The partner's token sharing endpoints. The token share path is configurable (<see cref="LenderOptions.TokenSharePath"/>).</summary>
public static class PartnerTokenOperations
{
    private const string L = LenderNames.Partner;

    public static readonly LenderOperation ShareToken = new(L, "Partner.ShareToken", "POST", "application/token", false,
        "reports a final decision (disbursed or rejected) with the partner token; recorded once answered, a lost answer sent again with the same payload (the partner has no status query)");

    public static readonly LenderOperation Handshake = new(L, "Partner.Handshake", "POST", "handshake/token", true,
        "a customer reference search keyed by our handshake_id: repeating it asks the same question (async answers are deduplicated by the webhook inbox)");

    /// <summary>All operations, for documentation and tests.</summary>
    public static IReadOnlyList<LenderOperation> All { get; } = [ShareToken, Handshake];
}
