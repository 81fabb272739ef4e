using System.Net;
using Polly;
using Polly.Timeout;

namespace LoanJourney.Lenders.Common;

/// <summary>Which outcomes are transient (retry them when the call is safe) and which count against the circuit breaker.</summary>
internal static class LenderTransientFaults
{
    /// <summary>Lender codes that mean "try again shortly" although the HTTP status may be 200.</summary>
    public static readonly IReadOnlySet<string> RetryableLenderCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "FBX-E-003", // Timed Out
        "FBX-E-004", // Too Many Requests
    };

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome, string? lenderCode) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response
            && (IsServerFault(response.StatusCode) || response.StatusCode == HttpStatusCode.TooManyRequests
                || (lenderCode is not null && RetryableLenderCodes.Contains(lenderCode))));

    /// <summary>The breaker counts the lender being down or unreachable, not rate limiting or business answers.</summary>
    public static bool IsBreakerFault(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response && IsServerFault(response.StatusCode));

    public static string Describe(Outcome<HttpResponseMessage> outcome, string? lenderCode) => outcome.Exception switch
    {
        TimeoutRejectedException => "timeout",
        HttpRequestException => "connection failure",
        { } ex => ex.GetType().Name,
        null => $"HTTP {(int)outcome.Result!.StatusCode} {lenderCode}".TrimEnd(),
    };

    private static bool IsServerFault(HttpStatusCode status) => (int)status >= 500;
}
