using LoanJourney.Lenders.Common;
using static LoanJourney.Lenders.Common.LenderResultKind;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>Partner classification: "1" success, "2" (handshake) processing; any status below 0 is a terminal error.</summary>
public static class PartnerTokenCodes
{
    /// <summary>(operation, status) → kind; negative statuses are matched by <see cref="PartnerStatuses.IsError"/>.</summary>
    public static LenderCodeTable Statuses { get; } = new(
    [
        new(LenderCodeRule.AnyOperation, PartnerStatuses.Sync, Success, "Answered in sync"),
        new(PartnerTokenOperations.Handshake.Name, PartnerStatuses.Async, Processing, "The answer will be posted to async_result_callback_url"),
    ]);
}
