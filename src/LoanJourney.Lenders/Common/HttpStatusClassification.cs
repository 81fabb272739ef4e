namespace LoanJourney.Lenders.Common;

/// <summary>The fallback when a lender's tables say nothing about an answer: the HTTP status decides.</summary>
internal static class HttpStatusClassification
{
    public static LenderResultKind Classify(int httpStatus) => httpStatus switch
    {
        >= 200 and < 300 => LenderResultKind.Success,
        408 or 429 or >= 500 => LenderResultKind.RetryableFailure,
        _ => LenderResultKind.TerminalFailure,
    };

    public static string Code(int httpStatus) => $"HTTP {httpStatus}";
}
