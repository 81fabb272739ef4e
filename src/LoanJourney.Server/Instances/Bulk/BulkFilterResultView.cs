namespace LoanJourney.Server.Instances.Bulk;

/// <summary>The answer of a bulk retry or cancel by <c>filter</c>.</summary>
/// <param name="BatchId">Id of this run, in its <c>bulk</c> progress events.</param>
/// <param name="DryRun">Nothing was done: <see cref="Matched"/> is what applying would touch.</param>
/// <param name="Matched">Journeys matching the filter.</param>
/// <param name="Cap">The most one request handles (<c>Server:Bulk:MaxInstances</c>); more is refused.</param>
/// <param name="Ids">The matching journeys (at most <see cref="Cap"/>), newest first.</param>
/// <param name="Results">Per journey when applied: done, or the error.</param>
internal sealed record BulkFilterResultView(string BatchId, bool DryRun, long Matched, int Cap, IReadOnlyList<string> Ids, IReadOnlyList<BulkItemResult> Results);
