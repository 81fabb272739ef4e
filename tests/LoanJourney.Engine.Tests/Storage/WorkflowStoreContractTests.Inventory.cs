using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// The retention and erasure inventory (docs/server.md, "What holds a borrower's data"), proved on the store: journeys that
/// put a borrower's marker in every table that can hold it, then retention or the erasure, then a scan of every column of
/// every table the schema catalogue lists (not a list written here, so a table a later migration adds is scanned too), read
/// as stored, decrypted where it is protected and unpacked where it is a packed journal.
/// </summary>
public abstract partial class WorkflowStoreContractTests
{
    /// <summary>Every value of every column of every table of the store's schema (from its catalogue), with its table and column.</summary>
    protected abstract Task<IReadOnlyList<StoredCell>> ReadEveryCellAsync();

    /// <summary>
    /// Of <paramref name="tables"/>, those the erasure's purge did not reach: PostgreSQL's VACUUM is per table (pg_stat_user_tables'
    /// last_vacuum); SQLite's rewrites the whole file, so none.
    /// </summary>
    protected virtual Task<IReadOnlyList<string>> TablesNotVacuumedAsync(IReadOnlyList<string> tables) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>One stored value: a string, a byte array, a number or another provider value (null for SQL NULL).</summary>
    protected sealed record StoredCell(string Table, string Column, object? Value);

    // Where the fill below puts the marker before retention or the erasure: the inventory's rows, proved reachable by the scan.
    private static readonly string[] FilledColumns =
    [
        "audit_log.reason", "bookmarks.key", "incidents.details_json", "incidents.message", "instances.correlation_id", "instances.history_json",
        "instances.input_json", "instances.outputs_json", "instances.pending_stimulus_json", "instances.step_state_json", "instances.variables_json",
        "intents.data_json", "journal.data_json", "journal_archive.data_z", "webhook_inbox.key", "webhook_inbox.payload_json",
    ];

    // A borrower whose every value carries the marker (searched for whatever its case). The name's words are what an operator quotes.
    private sealed record MarkedBorrower(string Marker)
    {
        public string CustomerId => "CUST-" + Marker;

        public string Name => $"Asha {Marker} Rao";

        public string Email => Marker.ToLowerInvariant() + "@mail.example";

        public string Input => new JsonObject
        {
            ["customerId"] = CustomerId,
            ["customer"] = new JsonObject { ["name"] = Name, ["email"] = Email, ["address"] = $"12 {Marker} Lane, Pune" },
        }.ToJsonString();

        public string Quoted => new JsonObject { ["customerName"] = Name, ["note"] = "lender echo of " + Marker }.ToJsonString();
    }

    // What the server's mask does with a journey's input (BorrowerValues: the name and each word of it, the address), in a form
    // the store contract can state: the store hands each redacted journey's input, decrypted, to the factory it was given.
    private static Func<string, string> NameMask(string inputJson, string? correlationId)
    {
        var customer = JsonNode.Parse(inputJson)?["customer"];
        var words = new[] { customer?["name"]?.GetValue<string>(), customer?["address"]?.GetValue<string>() }
            .Where(v => v is not null).SelectMany(v => v!.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length >= 3).ToList();
        return text => words.Aggregate(correlationId is null ? text : text.Replace(correlationId, "***", StringComparison.OrdinalIgnoreCase), (t, w) => Regex.Replace(t, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(w)}(?![\p{{L}}\p{{N}}])", "***", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)));
    }

    // The borrower's journeys as the engine leaves them: one Completed (its journal and payloads packed), one Faulted with an
    // open incident quoting the lender, a webhook routed to a wait, one buffered that nothing waited for, an intent, a
    // bookmark, step state, a pending stimulus, a step error, and operator actions on both journeys quoting the name.
    private async Task FillEveryTableAsync(MarkedBorrower borrower, string prefix, DateTimeOffset at)
    {
        var done = prefix + "-done";
        var faulted = prefix + "-faulted";
        foreach (var id in new[] { done, faulted })
        {
            var record = NewInstance(id, at) with { CorrelationId = borrower.CustomerId, InputJson = borrower.Input, CreatedAt = at, UpdatedAt = at, IdempotencyKey = borrower.Email + "/" + id };
            await Store.CreateInstanceAsync(record, Started(id), default);
            var claimed = (await Store.TryClaimAsync(id, "n", at, at.AddMinutes(1), default))!;
            var fence = new LeaseFence("n", claimed.LeaseToken);
            await Store.SaveIntentAsync(new IntentRecord(id, "disburse", "a", borrower.Quoted, at), fence, unlessCancelRequested: true, default);
            var key = $"finbox:{borrower.CustomerId}:{id}";
            await Store.CommitAsync(Commit(claimed with { StepStateJson = borrower.Quoted }, fence, [Bookmark(id, BookmarkKind.Webhook, "evt", key)]) with { Now = at }, default);
            if (id == done)
            {
                Assert.Equal(WebhookDeliveryStatus.Routed, (await Store.DeliverWebhookAsync("evt-" + id, key, borrower.Quoted, null, at, default)).Status);
            }

            var resumed = (await Store.TryClaimAsync(id, "n", at, at.AddMinutes(1), default))!;
            var status = id == done ? WorkflowStatus.Completed : WorkflowStatus.Faulted;
            var lenderSaid = $"FinBox 409: customer {borrower.Name} already has an open application";
            await Store.CommitAsync(new InstanceCommit
            {
                State = resumed with
                {
                    Status = status,
                    ReadyAt = null,
                    Outcome = id == done ? "Disbursed" : null,
                    OutputsJson = new JsonObject { ["kyc"] = new JsonObject { ["name"] = borrower.Name } }.ToJsonString(),
                    VariablesJson = new JsonObject { ["email"] = borrower.Email }.ToJsonString(),
                    StepStateJson = id == done ? null : borrower.Quoted,
                    PendingStimulusJson = id == done ? null : borrower.Quoted,
                    HistoryJson = EngineJson.WriteHistory([new StepHistoryEntry { StepId = "a", Activity = "FinBox.CreateUser", Status = id == done ? "Completed" : "Faulted", StartedAt = at, Error = id == done ? null : lenderSaid }]),
                },
                ExpectedVersion = resumed.Version,
                Fence = new LeaseFence("n", resumed.LeaseToken),
                ReleaseLease = true,
                NewBookmarks = id == done ? [] : [Bookmark(id, BookmarkKind.Webhook, "late", $"finbox:{borrower.CustomerId}:late")],
                Journal = [new JournalRecord(0, id, at, JournalKinds.StepCompleted, "a", 1, borrower.Quoted)],
                NewIncident = id == done ? null : new IncidentRecord(Guid.NewGuid().ToString("N"), id, "a", "Conflict", lenderSaid, 3, borrower.Quoted, at, null, null),
                Now = at,
            }, default);
            await Store.AppendAuditAsync(new AuditEntry(0, at, "oscar", AuditActions.Retry, "wf", id, $"borrower {borrower.Name} called, retry", new JsonObject { ["stepId"] = "a" }.ToJsonString()), default);
        }

        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("early-" + prefix, $"finbox:{borrower.CustomerId}:loan_disbursed", borrower.Quoted, null, at, default)).Status);
        Assert.True(await Store.CompactJournalsAsync(at.AddDays(1), 100, default) >= 1); // the Completed one: journal archive, payloads packed
    }

    // Each table.column holding the marker, in any form it is stored in: as written, decrypted (protected payloads, packed or
    // not) and unpacked (journal archive blobs).
    private async Task<List<string>> WhereIsAsync(string marker)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var cell in await ReadEveryCellAsync())
        {
            if (cell.Value is not null && ReadableForms(cell.Value).Any(text => text.Contains(marker, StringComparison.OrdinalIgnoreCase)))
            {
                found.Add($"{cell.Table}.{cell.Column}");
            }
        }

        return [.. found];
    }

    private List<string> ReadableForms(object value)
    {
        var forms = new List<string>();
        switch (value)
        {
            case string text:
                forms.Add(text);
                if (PayloadProtection.IsProtected(text))
                {
                    try
                    {
                        forms.Add(PackedPayload.Unprotect(Protector, text));
                    }
                    catch (CryptographicException)
                    {
                        // Not this store's protector's: nothing readable beyond the text itself.
                    }
                }

                break;
            case byte[] bytes:
                forms.Add(Encoding.UTF8.GetString(bytes));
                try
                {
                    forms.Add(Encoding.UTF8.GetString(JournalArchive.Decompress(bytes)));
                }
                catch (InvalidDataException)
                {
                    // Not a journal archive blob.
                }

                break;
            case Array array:
                forms.AddRange(array.Cast<object?>().Where(v => v is not null).SelectMany(v => ReadableForms(v!)));
                break;
            default:
                forms.Add(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }

        return forms;
    }

    [Fact]
    public async Task Retention_LeavesTheBorrowersMarkerInNoColumnOfAnyTable_DecryptedOrUnpacked_WhileANewerJourneyKeepsIt()
    {
        var clock = new FakeTimeProvider(T0);
        var old = new MarkedBorrower("Zqretmark1");
        var recent = new MarkedBorrower("Zqkeepmark2");
        await FillEveryTableAsync(old, "old", clock.GetUtcNow());
        Assert.Equal(FilledColumns, await WhereIsAsync(old.Marker)); // the scan reaches every column the inventory names
        clock.Advance(TimeSpan.FromDays(40));
        await FillEveryTableAsync(recent, "new", clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(5));

        // One retention round as RetentionRunner runs it (every final status, then the inbox), a 30-day period for all, with the
        // mask of each journey's own values in the reasons about it (the server's: BorrowerValues.ForJourney). Without it the
        // operators' reasons kept the borrower's name in the trail, which outlives the journeys (session 52).
        var before = clock.GetUtcNow() - Retention;
        foreach (var status in new[] { WorkflowStatus.Completed, WorkflowStatus.Cancelled, WorkflowStatus.Faulted })
        {
            await Store.RedactExpiredAsync(status, before, 50, clock.GetUtcNow(), NameMask, default);
        }

        Assert.Equal(1, await Store.RedactInboxAsync(before, 50, clock.GetUtcNow(), default)); // the buffered one (the routed one went with its journey)

        Assert.Empty(await WhereIsAsync(old.Marker));
        Assert.Equal(FilledColumns, await WhereIsAsync(recent.Marker)); // inside its retention: untouched
    }

    [Fact]
    public async Task Erasure_LeavesTheBorrowersMarkerInNoColumnOfAnyTable_DecryptedOrUnpacked_WhileAnotherBorrowerKeepsTheirs()
    {
        var clock = new FakeTimeProvider(T0);
        var erased = new MarkedBorrower("Zqeramark3");
        var other = new MarkedBorrower("Zqothmark4");
        await FillEveryTableAsync(erased, "era", clock.GetUtcNow());
        await FillEveryTableAsync(other, "oth", clock.GetUtcNow());
        Assert.Equal(FilledColumns, await WhereIsAsync(erased.Marker));

        // What WorkflowClient.EraseAsync asks of the store (the faulted journey counts as finished here: the engine cancels it
        // first, a store redacts every final status), with the server's mask of the borrower's values in earlier reasons.
        var journeys = await Store.FindByCorrelationAsync([erased.CustomerId, PrivacyHash.Of(erased.CustomerId)], default);
        Assert.Equal(2, (await Store.RedactInstancesAsync(journeys.Select(j => j.Id).ToList(), clock.GetUtcNow(), default)).Count);
        Assert.Equal(1, await Store.RedactInboxByKeyAsync([$"finbox:{erased.CustomerId}:"], clock.GetUtcNow(), default));
        Assert.Equal(2, await Store.MaskAuditReasonsAsync(journeys.Select(j => j.Id).ToList(), NameMask(erased.Input, erased.CustomerId), default));
        Assert.Equal(FreedSpacePurge.Done, await Store.PurgeFreedSpaceAsync(default));

        Assert.Empty(await WhereIsAsync(erased.Marker));
        Assert.Equal(FilledColumns, await WhereIsAsync(other.Marker));

        // The purge reached every table that held the borrower (session 52: PostgreSQL's VACUUM left out journal_archive, whose
        // redacted rows' old versions, the packed journal with the lender calls, stayed until autovacuum came by).
        Assert.Empty(await TablesNotVacuumedAsync(FilledColumns.Select(c => c[..c.IndexOf('.', StringComparison.Ordinal)]).Distinct().ToList()));
    }
}
