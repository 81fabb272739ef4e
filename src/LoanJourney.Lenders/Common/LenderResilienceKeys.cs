using Polly;

namespace LoanJourney.Lenders.Common;

/// <summary>Properties the resilience handler puts on the Polly context for the strategies' predicates.</summary>
internal static class LenderResilienceKeys
{
    public static readonly ResiliencePropertyKey<bool> SafeToRetry = new("LoanJourney.Lenders.SafeToRetry");

    public static readonly ResiliencePropertyKey<string?> LenderCode = new("LoanJourney.Lenders.LenderCode");

    public static readonly ResiliencePropertyKey<string> Operation = new("LoanJourney.Lenders.Operation");
}
