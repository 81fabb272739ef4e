using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Storage;

/// <summary>A stored bookmark.</summary>
public sealed record BookmarkRecord(
    string Id,
    string InstanceId,
    string StepId,
    BookmarkKind Kind,
    string Name,
    string? Key,
    DateTimeOffset? DueAt,
    bool Sensitive,
    DateTimeOffset CreatedAt);
