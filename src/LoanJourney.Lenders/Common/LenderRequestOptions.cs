namespace LoanJourney.Lenders.Common;

/// <summary>Per-request facts the Refit interfaces set and the registered handlers and pipelines read.</summary>
public static class LenderRequestOptions
{
    /// <summary>The key under which each Refit method's <c>[Property]</c> puts its <see cref="LenderOperation"/>.</summary>
    public const string OperationKey = "LoanJourney.Lenders.Operation";

    /// <summary>The documented endpoint being called: its name for logs, call records and classification, and whether the resilience
    /// pipeline may repeat it (<see cref="LenderOperation.SafeToRetry"/>). Absent means not safe.</summary>
    public static readonly HttpRequestOptionsKey<LenderOperation> Operation = new(OperationKey);
}
