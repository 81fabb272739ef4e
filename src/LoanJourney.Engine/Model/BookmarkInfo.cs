using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Model;

/// <summary>What an instance waits for (<c>Id</c>: this wait's own bookmark; a step that waits again gets a new one).</summary>
public sealed record BookmarkInfo(BookmarkKind Kind, string Name, string? Key, DateTimeOffset? DueAt, bool Sensitive, string StepId, string Id);
