using Polly;

namespace LoanJourney.Lenders.Common;

/// <summary>Facts one call's attempts share on the Polly context: the recorder writes them, the strategies' predicates and the next attempt read them.</summary>
internal static class LenderResilienceKeys
{
    /// <summary>The lender's status code read from the last answer's body (FinBox reports <c>FBX-E-004</c> inside HTTP 200).</summary>
    public static readonly ResiliencePropertyKey<string?> LenderCode = new("LoanJourney.Lenders.LenderCode");

    /// <summary>The attempts made so far by this call (1-based once the first is sent).</summary>
    public static readonly ResiliencePropertyKey<int> Attempt = new("LoanJourney.Lenders.Attempt");
}
