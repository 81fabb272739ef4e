using Microsoft.Extensions.Logging;

namespace LoanJourney.TestSupport;

public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<string> Values, string? Exception)
{
    public override string ToString() => $"{Category} {Level} {EventId.Id} {Message} | {string.Join(" | ", Values)} | {Exception}";
}
