namespace LoanJourney.Lenders.Common;

/// <summary>Per-request facts the clients set and the registered handlers read.</summary>
public static class LenderRequestOptions
{
    /// <summary>True when the call may be repeated automatically: reads, idempotent writes, and calls the lender documents a duplicate answer for.
    /// Absent means not safe: money-moving and object-creating calls are retried by the workflow, with reconciliation.</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRetry = new("LoanJourney.Lenders.SafeToRetry");

    /// <summary>The operation name (<c>FinBoxPrism.TriggerBre</c> …) used in logs, call records and classification.</summary>
    public static readonly HttpRequestOptionsKey<string> Operation = new("LoanJourney.Lenders.Operation");

    /// <summary>The 1-based attempt number, set by the resilience handler before each attempt.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempt = new("LoanJourney.Lenders.Attempt");
}
