namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>
    /// Packs the journal rows of up to <paramref name="limit"/> queued finished journeys (Completed or Cancelled) whose last
    /// change is before <paramref name="finishedBefore"/> into
    /// their <c>journal_archive</c> row, compressed, and deletes the rows, one short transaction. Returns how many queued
    /// journeys it took (0: none queued, or another node holds them). <see cref="ReadJournalAsync"/> answers exactly as
    /// before. See <see cref="Runtime.JournalCompactor"/>.
    /// </summary>
    Task<int> CompactJournalsAsync(DateTimeOffset finishedBefore, int limit, CancellationToken cancellationToken);
}
