using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities;

/// <summary>What resumed a suspended step: which bookmark fired and its payload.</summary>
/// <param name="Kind">Bookmark kind.</param>
/// <param name="Name">The bookmark's label as the activity gave it.</param>
/// <param name="Key">Webhook key or signal name.</param>
/// <param name="Payload">Webhook body or signal payload; null for timers. For sensitive signals it exists only in memory.</param>
/// <param name="By">The principal who sent a signal through the API, for the journal; null otherwise.</param>
/// <param name="ReceivedAt">When a sensitive signal reached the engine (its journal entry's time, before the step resumed); null otherwise.</param>
public sealed record Stimulus(BookmarkKind Kind, string Name, string? Key, JsonNode? Payload, string? By = null, DateTimeOffset? ReceivedAt = null);
