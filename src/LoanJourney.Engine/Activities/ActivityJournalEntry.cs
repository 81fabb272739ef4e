using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities;

internal sealed record ActivityJournalEntry(string Kind, JsonNode? Data, DateTimeOffset At);
