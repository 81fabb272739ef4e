using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>Packed journals (journal_archive): read exactly as their rows were, mixed with newer rows, redacted like rows.</summary>
public abstract partial class WorkflowStoreContractTests
{
    private static DateTimeOffset Far => T0.AddYears(10);

    /// <summary>The single number <paramref name="sql"/> answers, straight from the database.</summary>
    protected abstract Task<long> CountRawAsync(string sql);

    // A journey that ran `polls` lender polls (big masked bodies, repeated answers, null data, text that needs escaping) and finished.
    private async Task<string> FinishedWithJournalAsync(string id, int polls, WorkflowStatus status = WorkflowStatus.Completed)
    {
        var claimed = await ClaimNewAsync(id);
        var journal = new List<JournalRecord>();
        for (var i = 0; i < polls; i++)
        {
            var at = T0.AddMilliseconds(1234.5 * i);
            journal.Add(new JournalRecord(0, id, at, JournalKinds.StepResumed, "bre", 1, """{"kind":"Timer","bookmark":"poll","node":"node-1"}"""));
            journal.Add(new JournalRecord(0, id, at, "LenderCall", "bre", 1, new JsonObject
            {
                ["lender"] = "FinBoxPrism",
                ["path"] = "/v2/user/offers?referenceID=85f9c54b-082b-46f9-84c1-8c11fd7fff08",
                ["latencyMs"] = 12.5 + i,
                ["startedAt"] = at.ToString("O"),
                ["request"] = null,
                ["response"] = new JsonObject { ["status"] = i + 1 < polls ? "PROCESSING" : "SUCCESS", ["name"] = "R*** K****", ["note"] = "quote \" and \\ and ₹ and \u0001" },
            }.ToJsonString()));
            journal.Add(new JournalRecord(0, id, at.AddMilliseconds(3), JournalKinds.StepSuspended, "bre", i + 1, null));
        }

        await Store.CommitAsync(new InstanceCommit
        {
            State = claimed with { Status = status, ReadyAt = null, Outcome = status == WorkflowStatus.Completed ? "Disbursed" : null },
            ExpectedVersion = claimed.Version,
            Fence = new LeaseFence("n", claimed.LeaseToken),
            ReleaseLease = true,
            Journal = journal,
            Now = T0.AddMinutes(1),
        }, default);
        return id;
    }

    private async Task<InstanceRecord> ClaimNewAsync(string id)
    {
        await CreateAsync(id);
        return (await Store.TryClaimAsync(id, "n", T0, T0.AddMinutes(1), default))!;
    }

    private async Task<List<JournalRecord>> ReadAllAsync(string id)
    {
        var page = await Store.ReadJournalAsync(id, 0, 1000, default);
        Assert.Equal(page.Total, page.Items.Count);
        return [.. page.Items];
    }

    private async Task AssertPagesAsync(string id, List<JournalRecord> expected)
    {
        foreach (var take in new[] { 1, 2, 7, expected.Count, 1000 })
        {
            for (var skip = 0; skip <= expected.Count + 1; skip++)
            {
                var page = await Store.ReadJournalAsync(id, skip, take, default);
                Assert.Equal(expected.Count, page.Total);
                Assert.Equal(expected.Skip(skip).Take(take), page.Items);
            }
        }
    }

    [Fact]
    public async Task CompactJournals_PacksAFinishedJourney_AndEveryPageReadsExactlyAsItsRowsDid()
    {
        var id = await FinishedWithJournalAsync("packed", polls: 6);
        var running = await ClaimNewAsync("running");
        var before = await ReadAllAsync(id);
        Assert.Equal(1 + 18, before.Count);

        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default));

        Assert.Equal(0, await CountRawAsync("SELECT COUNT(*) FROM journal WHERE instance_id = 'packed'"));
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM journal_archive WHERE instance_id = 'packed'"));
        Assert.Equal(0, await CountRawAsync("SELECT COUNT(*) FROM journal_compaction_queue"));
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM journal WHERE instance_id = 'running'")); // not finished: its rows stay
        Assert.Equal(before, await ReadAllAsync(id));
        await AssertPagesAsync(id, before);
        Assert.Single(await ReadAllAsync(running.Id));
    }

    [Fact]
    public async Task CompactJournals_LeavesJourneysFinishedAfterTheCutOffAsRows()
    {
        var id = await FinishedWithJournalAsync("recent", polls: 2);

        Assert.Equal(0, await Store.CompactJournalsAsync(T0, 10, default));

        Assert.Equal(7, await CountRawAsync("SELECT COUNT(*) FROM journal WHERE instance_id = 'recent'"));
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM journal_compaction_queue"));
        Assert.Equal(7, (await ReadAllAsync(id)).Count);
    }

    [Fact]
    public async Task PackedJournal_WithNewerRows_ReadsAsOneJournal_AndPacksAgainIntoOne()
    {
        var id = await FinishedWithJournalAsync("mixed", polls: 3, WorkflowStatus.Cancelled);
        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default));

        // Rows written after the packing (an upgrade's mixed history looks the same: rows next to a packed block).
        await ExecuteRawAsync(
            "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) VALUES ('mixed', 1735722000000, 'CompensationCompleted', 'cancel', NULL, '{\"a\":1}');" +
            "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) VALUES ('mixed', 1735722000001, 'InstanceCancelled', NULL, NULL, NULL);");
        var all = await ReadAllAsync(id);
        Assert.Equal(1 + 9 + 2, all.Count);
        Assert.Equal(["CompensationCompleted", "InstanceCancelled"], all.TakeLast(2).Select(e => e.Kind));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        await AssertPagesAsync(id, all);

        await ExecuteRawAsync("INSERT INTO journal_compaction_queue (instance_id) VALUES ('mixed')");
        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default));

        Assert.Equal(0, await CountRawAsync("SELECT COUNT(*) FROM journal WHERE instance_id = 'mixed'"));
        Assert.Equal(12, await CountRawAsync("SELECT entries FROM journal_archive WHERE instance_id = 'mixed'"));
        Assert.Equal(all, await ReadAllAsync(id));
    }

    [Fact]
    public async Task RedactInstances_OfAPackedJournal_RemovesEveryEntrysData_KeepsTheEntries()
    {
        var borrower = Borrower.Make("PACKED01");
        await FinishedJourneyAsync("erase-packed", borrower, WorkflowStatus.Completed, T0);
        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default));
        var before = await ReadAllAsync("erase-packed");
        Assert.Contains(before, e => e.DataJson is { } data && data.Contains(borrower.Name, StringComparison.Ordinal));

        await Store.RedactInstancesAsync(["erase-packed"], T0.AddDays(1), default);

        var after = await ReadAllAsync("erase-packed");
        Assert.Equal(before.Select(e => e with { DataJson = null }), after);
        Assert.Equal(0, await CountRawAsync("SELECT COUNT(*) FROM journal_archive WHERE data_z IS NOT NULL"));
        Assert.Equal(0, await CountRawAsync("SELECT COUNT(*) FROM journal WHERE instance_id = 'erase-packed'"));
    }

    [Fact]
    public async Task CompactJournals_OfARedactedJourney_StoresNoData()
    {
        var borrower = Borrower.Make("REDACT02");
        await FinishedJourneyAsync("redacted-first", borrower, WorkflowStatus.Completed, T0);
        await Store.RedactInstancesAsync(["redacted-first"], T0.AddDays(1), default);
        var before = await ReadAllAsync("redacted-first");

        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default));

        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM journal_archive WHERE instance_id = 'redacted-first' AND data_z IS NULL"));
        Assert.Equal(before, await ReadAllAsync("redacted-first"));
        Assert.All(before, e => Assert.Null(e.DataJson));
    }
}
