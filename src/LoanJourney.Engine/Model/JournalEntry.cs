using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Model;

/// <summary>One journal entry: a step event or an activity's own record (e.g. a masked lender call).</summary>
public sealed record JournalEntry(long Sequence, string InstanceId, DateTimeOffset At, string Kind, string? StepId, int? Attempt, JsonNode? Data);
