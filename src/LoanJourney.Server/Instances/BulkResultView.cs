namespace LoanJourney.Server.Instances;

/// <summary>The answer of a bulk retry or cancel, by <c>ids</c> (only <c>results</c>) or by <c>filter</c> (docs/api.md).</summary>
/// <param name="Results">Per journey, when applied: done, or the error.</param>
/// <param name="BatchId">By filter: id of this run, in its <c>bulk</c> progress events.</param>
/// <param name="DryRun">By filter: nothing was done; <c>matched</c> is what applying would touch.</param>
/// <param name="Matched">By filter: journeys matching it.</param>
/// <param name="Cap">By filter: the most one request handles (<c>Server:Bulk:MaxInstances</c>); more is refused.</param>
/// <param name="Ids">By filter: the matching journeys (at most the cap), newest first.</param>
internal sealed record BulkResultView(
    IReadOnlyList<BulkItemResult> Results,
    string? BatchId = null,
    bool? DryRun = null,
    long? Matched = null,
    int? Cap = null,
    IReadOnlyList<string>? Ids = null);
