using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// The plan tests' journeys: one journey <c>j0</c> of workflow <c>wf</c> made by the store, then copied into <c>j1</c> … <c>jN</c>
/// by one statement, the columns named in <c>set</c> given by SQL expressions of <c>g</c> (1 … N, written with ordinary quotes),
/// every other column as <c>j0</c> has it. Copied with the table's triggers off: the aggregates they keep serialise every insert
/// on one counter row (30 s for 20,000 rows on a loaded machine, past the default command timeout), and no plan test reads
/// them. The returned connection is the caller's to dispose.
/// </summary>
internal static class PlanSeed
{
    public static async Task<(PostgresWorkflowStore Store, NpgsqlConnection Connection)> CopiesAsync(
        string connectionString, WorkflowStatus templateStatus, int copies, params (string Column, string Expression)[] set)
    {
        var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        var epoch = DateTimeOffset.UnixEpoch;
        await store.CreateInstanceAsync(new InstanceRecord
        {
            Id = "j0", WorkflowId = "wf", WorkflowVersion = 1, Status = templateStatus, InputJson = "{}", VariablesJson = "{}",
            OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "wait", CreatedAt = epoch, UpdatedAt = epoch,
        }, new JournalRecord(0, "j0", epoch, JournalKinds.InstanceStarted, null, null, null), default);

        // Inside format()'s literal every quote is written twice.
        var columns = string.Concat(set.Select(s => s.Column + ", "));
        var values = string.Concat(set.Select(s => s.Expression.Replace("'", "''", StringComparison.Ordinal) + ", "));
        var excluded = string.Join(", ", set.Select(s => $"'{s.Column}'").Prepend("'id'"));
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            "ALTER TABLE instances DISABLE TRIGGER USER; " +
            "DO $$ DECLARE cols text; BEGIN " +
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols FROM information_schema.columns " +
            $"WHERE table_schema = current_schema() AND table_name = 'instances' AND is_generated = 'NEVER' AND column_name NOT IN ({excluded}); " +
            $"EXECUTE format('INSERT INTO instances (id, {columns}%s) SELECT ''j'' || g, {values}%s FROM instances " +
            $"CROSS JOIN generate_series(1, {copies}) g WHERE id = ''j0''', cols, cols); END $$; " +
            "ALTER TABLE instances ENABLE TRIGGER USER; ANALYZE instances", commandTimeout: 300);
        return (store, connection);
    }
}
