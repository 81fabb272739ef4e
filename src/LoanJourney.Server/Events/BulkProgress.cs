namespace LoanJourney.Server.Events;

/// <summary>Event <c>bulk</c> of the live-update stream: how far a bulk operation (migrate, retry, cancel by filter) has got.</summary>
/// <param name="BatchId">The operation's id (also in its answer).</param>
/// <param name="Operation"><c>migrate</c>, <c>retry</c> or <c>cancel</c>.</param>
/// <param name="Total">Journeys matched.</param>
/// <param name="Processed">Journeys handled so far.</param>
/// <param name="Succeeded">Journeys changed so far.</param>
/// <param name="Skipped">Journeys that could not be changed (their reason is in the answer).</param>
/// <param name="Done">The last event of the operation.</param>
internal sealed record BulkProgress(string BatchId, string Operation, int Total, int Processed, int Succeeded, int Skipped, bool Done);
