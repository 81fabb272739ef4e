namespace LoanJourney.Engine.Storage;

/// <summary>
/// One change of a workflow's definition: <paramref name="Action"/> is <c>create</c>, <c>save</c>, <c>import</c>,
/// <c>publish</c>, <c>seed</c> or <c>delete</c>; <paramref name="Summary"/> is JSON (steps added, removed, changed).
/// </summary>
public sealed record DefinitionHistoryRecord(long Seq, string WorkflowId, string Action, long? Revision, int? Version, string Author, DateTimeOffset At, string Summary);
