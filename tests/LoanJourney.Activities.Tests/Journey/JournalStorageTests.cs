using LoanJourney.Activities.Tests.FinBoxPrism;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Activities.Tests.Journey;

/// <summary>
/// Structural guard of the storage per journey (bytes, never time): a disbursed personal loan, its journal packed, keeps
/// under a bound measured when packing was introduced (issue 17), and its journal reads exactly as before packing.
/// </summary>
public sealed class JournalStorageTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    // Measured at packing's introduction (issue 17): the packed journal 3,361 bytes against 14,048 bytes of the rows' data
    // texts (0.24), instance columns (no encryption in this host) plus packed journal under 10,000 bytes. The bounds leave
    // room for a lender answer growing, not for a return to a journal stored entry by entry (which is 4x the packed size).
    private const long MaxStoredBytes = 12_000;
    private const double MaxPackedShareOfRows = 0.35;

    [Fact]
    public async Task DisbursedPersonalLoan_Packed_StoresUnderTheBound_AndItsJournalReadsAsBefore()
    {
        var (input, _, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        var instance = await host.RunAsync("finbox-personal-loan", input);
        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (instance.Status, instance.Outcome));
        var before = await host.JournalAsync(instance.Id);
        var rowBytes = Scalar("SELECT COALESCE(SUM(length(CAST(data_json AS BLOB))), 0) FROM journal WHERE instance_id = $id", instance.Id);

        await host.Store.CompactJournalsAsync(DateTimeOffset.MaxValue, 1000, default);

        var after = await host.JournalAsync(instance.Id);
        Assert.Equal(before.Count, after.Count);
        Assert.All(before.Zip(after), p => Assert.Equal(
            (p.First.Sequence, p.First.At, p.First.Kind, p.First.StepId, p.First.Attempt, p.First.Data?.ToJsonString()),
            (p.Second.Sequence, p.Second.At, p.Second.Kind, p.Second.StepId, p.Second.Attempt, p.Second.Data?.ToJsonString())));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM journal WHERE instance_id = $id", instance.Id));
        var packed = Scalar("SELECT length(entries_z) + COALESCE(length(data_z), 0) FROM journal_archive WHERE instance_id = $id", instance.Id);
        var row = Scalar(
            "SELECT length(CAST(input_json AS BLOB)) + length(CAST(variables_json AS BLOB)) + length(CAST(outputs_json AS BLOB)) + " +
            "length(CAST(history_json AS BLOB)) + COALESCE(length(CAST(step_state_json AS BLOB)), 0) + COALESCE(length(CAST(pending_stimulus_json AS BLOB)), 0) " +
            "FROM instances WHERE id = $id", instance.Id);
        Assert.True(packed <= rowBytes * MaxPackedShareOfRows, $"packed journal {packed} bytes, its rows' data {rowBytes} bytes");
        Assert.True(row + packed <= MaxStoredBytes, $"instance columns {row} + packed journal {packed} bytes > {MaxStoredBytes}");
    }

    private long Scalar(string sql, string id)
    {
        using var connection = new SqliteConnection($"Data Source={host.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return (long)command.ExecuteScalar()!;
    }
}
