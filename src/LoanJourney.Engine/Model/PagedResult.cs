namespace LoanJourney.Engine.Model;

/// <summary>One page of items and the total count.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, long Total);
