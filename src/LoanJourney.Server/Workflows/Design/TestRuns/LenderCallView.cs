using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// One lender call attempt of a test-run journey, from its <c>LenderCall</c> journal entry (its <c>seq</c> and <c>at</c>): the
/// fields <c>GET /api/instances/{id}/journal</c> shows for it, the request and response bodies as the journal holds them (masked
/// when the call was recorded, as for every journey; the run's store and journal are deleted afterwards).
/// </summary>
internal sealed record LenderCallView(
    string? StepId,
    string? Lender,
    string? Operation,
    string? Method,
    int? HttpStatus,
    string? LenderCode,
    int? Attempt,
    long Seq,
    DateTimeOffset At,
    string? Path,
    double? LatencyMs,
    string? Error,
    JsonNode? Request,
    JsonNode? Response);
