namespace LoanJourney.Engine.Model;

/// <summary>One change in the feed, without the row: which instance, at which revision, when (see <see cref="ChangeCursor"/>).</summary>
public sealed record ChangeMark(string Id, long Revision, DateTimeOffset UpdatedAt);
