using System.Text.Json.Nodes;

namespace LoanJourney.Server.Instances;

internal sealed record JournalEntryView(long Seq, DateTimeOffset At, string Kind, string? StepId, int? Attempt, JsonNode? Data);
