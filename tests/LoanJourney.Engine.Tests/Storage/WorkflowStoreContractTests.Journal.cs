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

    // A finished journey whose input and outputs are the size and shape of a personal loan's (a borrower, lender answers).
    private async Task FinishedWithPayloadsAsync(string id, Borrower borrower)
    {
        var input = JsonNode.Parse(borrower.Input)!.AsObject();
        input["loan"] = new JsonObject { ["amount"] = 250000, ["tenureMonths"] = 24, ["purpose"] = "home renovation" };
        input["addresses"] = new JsonArray([.. Enumerable.Range(1, 3).Select(i => (JsonNode)new JsonObject
            { ["type"] = i == 1 ? "current" : "permanent", ["line1"] = $"{i}2 MG Road", ["city"] = "Bengaluru", ["pincode"] = "560001", ["state"] = "KA" })]);
        var outputs = new JsonObject();
        foreach (var step in new[] { "createUser", "bureau", "bre", "offers", "kyc", "bank", "agreement", "disbursal" })
        {
            outputs[step] = new JsonObject
            {
                ["status"] = "SUCCESS", ["referenceID"] = $"85f9c54b-082b-46f9-84c1-{step.Length:D12}", ["customerID"] = borrower.CustomerId,
                ["name"] = borrower.Name, ["pan"] = borrower.Pan, ["updatedAt"] = T0.AddSeconds(step.Length).ToString("O"),
            };
        }

        await Store.CreateInstanceAsync(NewInstance(id, T0) with { InputJson = input.ToJsonString(), CorrelationId = borrower.CustomerId }, Started(id), default);
        var claimed = (await Store.TryClaimAsync(id, "n", T0, T0.AddMinutes(1), default))!;
        await Store.CommitAsync(new InstanceCommit
        {
            State = claimed with
            {
                Status = WorkflowStatus.Completed, ReadyAt = null, Outcome = "Disbursed", OutputsJson = outputs.ToJsonString(),
                VariablesJson = new JsonObject { ["email"] = borrower.Email }.ToJsonString(),
            },
            ExpectedVersion = claimed.Version,
            Fence = new LeaseFence("n", claimed.LeaseToken),
            ReleaseLease = true,
            Journal = [new JournalRecord(0, id, T0, JournalKinds.StepCompleted, "disbursal", 1, """{"response":{"status":"SUCCESS"}}""")],
            Now = T0.AddMinutes(1),
        }, default);
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

    // Migration 0038 (rounds 42–43): one name on both stores marks a database a packing build ran on, so a build without
    // packing is refused by the newer-schema check naming it (docs/PERFORMANCE.md, round 43, rule 5).
    [Fact]
    public async Task Migration0038_MarksThePackedFormsUnderOneNameOnBothStores()
    {
        await Store.InitializeAsync(default);
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM schema_migrations WHERE version = 38 AND name = '0038_packed_payloads.sql'"));
    }

    // Round 43: a packed archive is format 2 (zstd with the fixed dictionary), which a build knowing only format 1 refuses.
    [Fact]
    public async Task CompactJournals_WritesFormat2Archives()
    {
        await FinishedWithJournalAsync("format2", polls: 3);

        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default));

        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM journal_archive WHERE instance_id = 'format2' AND " + FirstByteIs2("entries_z") + " AND " + FirstByteIs2("data_z")));
    }

    /// <summary>SQL that is true when the blob column's first byte is 2.</summary>
    protected abstract string FirstByteIs2(string column);

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

    // Round 42 (issue 17): packing a finished journey also compresses its input and outputs before they are protected
    // (PackedPayload): the columns hold the packed form, smaller, and every read of the instance answers exactly as before
    // (payloads, variables, history, version, times). A running journey's payloads are not touched. Redaction and erasure
    // of a packed journey then remove its data as they did (the columns become '{}').
    [Fact]
    public async Task CompactJournals_PacksAFinishedJourneysPayloads_ThatReadBackExactly_AndRedactAsBefore()
    {
        var borrower = Borrower.Make("PAYLOAD1");
        await FinishedWithPayloadsAsync("payloads", borrower);
        var running = await ClaimNewAsync("payloads-running");
        var before = await Store.GetInstanceAsync("payloads", default);
        var rawBefore = await ReadRawPayloadColumnsAsync("payloads");
        var runningBefore = await ReadRawPayloadColumnsAsync(running.Id);

        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default));

        var rawAfter = await ReadRawPayloadColumnsAsync("payloads");
        Assert.StartsWith(PackedPayload.Prefix, rawAfter.Input, StringComparison.Ordinal);
        Assert.StartsWith(PackedPayload.Prefix, rawAfter.Outputs, StringComparison.Ordinal);
        Assert.True(rawAfter.Input.Length < rawBefore.Input.Length, $"input {rawAfter.Input.Length} vs {rawBefore.Input.Length}");
        Assert.True(rawAfter.Outputs.Length < rawBefore.Outputs.Length, $"outputs {rawAfter.Outputs.Length} vs {rawBefore.Outputs.Length}");
        // Bytes, never time: measured 0.34 of the protected columns with this host's protector (no cipher overhead);
        // the bound leaves room for the protector, not for payloads stored uncompressed again.
        Assert.True(rawAfter.Input.Length + rawAfter.Outputs.Length <= 0.6 * (rawBefore.Input.Length + rawBefore.Outputs.Length),
            $"packed {rawAfter.Input.Length} + {rawAfter.Outputs.Length}, before {rawBefore.Input.Length} + {rawBefore.Outputs.Length}");
        Assert.DoesNotContain(borrower.Pan, rawAfter.Outputs, StringComparison.Ordinal);
        var after = await Store.GetInstanceAsync("payloads", default);
        Assert.Equal(before, after);
        Assert.Contains(borrower.Pan, after!.OutputsJson, StringComparison.Ordinal);
        Assert.Equal(runningBefore, await ReadRawPayloadColumnsAsync(running.Id));
        Assert.Contains("payloads", await Store.GetNewestProtectedInstanceIdsAsync(5, default)); // the start-up key check still finds it

        await ExecuteRawAsync("INSERT INTO journal_compaction_queue (instance_id) VALUES ('payloads')");
        Assert.Equal(1, await Store.CompactJournalsAsync(Far, 10, default)); // packed again: left as it is
        Assert.Equal(rawAfter, await ReadRawPayloadColumnsAsync("payloads"));

        await Store.RedactInstancesAsync(["payloads"], T0.AddDays(1), default);

        var redacted = await Store.GetInstanceAsync("payloads", default);
        Assert.Equal(("{}", "{}"), (redacted!.InputJson, redacted.OutputsJson));
        var rawRedacted = await ReadRawPayloadColumnsAsync("payloads");
        Assert.Equal(("{}", "{}"), (rawRedacted.Input, rawRedacted.Outputs));
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
