namespace LoanJourney.Lenders.Common;

/// <summary>
/// One attempt of one lender call, as the journal keeps it: no OTPs, keys or raw PII; multipart files as names and sizes only.
/// </summary>
/// <param name="Lender">A <see cref="LenderNames"/> value.</param>
/// <param name="Operation">The client operation, e.g. <c>FinBoxPrism.TriggerBre</c>.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path with PII query values masked.</param>
/// <param name="HttpStatus">HTTP status, null when no answer came.</param>
/// <param name="LenderCode">The lender's status code read from the body (<c>statusCode</c> or <c>status</c>), when there is one.</param>
/// <param name="Latency">Time from sending to the end of the answer.</param>
/// <param name="RequestBody">Masked request body.</param>
/// <param name="ResponseBody">Masked response body.</param>
/// <param name="Attempt">1-based attempt number within the resilience pipeline.</param>
/// <param name="StartedAt">When the attempt started (from the injected <see cref="TimeProvider"/>).</param>
/// <param name="Error">The failure when no answer came (timeout, connection error).</param>
public sealed record LenderCallRecord(
    string Lender,
    string Operation,
    string Method,
    string Path,
    int? HttpStatus,
    string? LenderCode,
    TimeSpan Latency,
    string? RequestBody,
    string? ResponseBody,
    int Attempt,
    DateTimeOffset StartedAt,
    string? Error);
