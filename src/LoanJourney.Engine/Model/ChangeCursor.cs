namespace LoanJourney.Engine.Model;

/// <summary>A position in the change feed: rows changed after (<see cref="UpdatedAt"/>, <see cref="Id"/>) in that order.</summary>
/// <param name="UpdatedAt">Last change time already read.</param>
/// <param name="Id">Id of the last row read at that time; null reads every row changed at <paramref name="UpdatedAt"/> too.</param>
public sealed record ChangeCursor(DateTimeOffset UpdatedAt, string? Id);
