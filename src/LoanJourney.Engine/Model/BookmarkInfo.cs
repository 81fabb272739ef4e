using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Model;

/// <summary>What an instance waits for.</summary>
public sealed record BookmarkInfo(BookmarkKind Kind, string Name, string? Key, DateTimeOffset? DueAt, bool Sensitive, string StepId);
