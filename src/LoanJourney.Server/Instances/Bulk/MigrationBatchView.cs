using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances.Bulk;

/// <summary>The answer of <c>POST /api/instances/migrate</c>.</summary>
/// <param name="BatchId">Id of this run, in its <c>bulk</c> progress events.</param>
/// <param name="DryRun">Nothing was written.</param>
/// <param name="Matched">Journeys on <c>fromVersion</c> matching the filter; by <c>ids</c>, the journeys named (each once).</param>
/// <param name="Cap">The most one request handles (<c>Server:Bulk:MaxInstances</c>; by <c>ids</c>, the 500 one request may name).</param>
/// <param name="CanMigrate">How many can move (dry run) or could when checked (applied).</param>
/// <param name="Migrated">How many moved.</param>
/// <param name="Items">Per journey: whether it can move, the step it will wait at, or why not.</param>
internal sealed record MigrationBatchView(string BatchId, bool DryRun, long Matched, int Cap, int CanMigrate, int Migrated, IReadOnlyList<MigrationResult> Items);
