namespace LoanJourney.Server.Workflows.Design;

/// <summary>One change of a definition: <c>create</c>, <c>save</c>, <c>import</c>, <c>publish</c>, <c>seed</c> or <c>delete</c>; who, when, revision or version, and what changed.</summary>
public sealed record HistoryEntryView(long Seq, string Action, string Author, DateTimeOffset At, long? Revision, int? Version, ChangeSummaryView Changes);
