using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>Audit trail, retention and erasure: what is past retention is redacted, journeys in flight and other borrowers untouched.</summary>
public abstract partial class WorkflowStoreContractTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>Every value of every row of <paramref name="table"/>, as text, straight from the database.</summary>
    protected abstract Task<string> DumpTableAsync(string table);

    private static readonly string[] Tables = ["instances", "journal", "incidents", "webhook_inbox", "intents", "bookmarks", "audit_log"];

    private sealed record Borrower(string CustomerId, string Pan, string Mobile, string Email, string Name, string Document)
    {
        public static Borrower Make(string tag) => new(
            $"CUST-{tag}", $"ABCDE{tag[..4]}F", $"98765{tag[..5]}", $"{tag.ToLowerInvariant()}@mail.example", $"Asha {tag} Rao",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"%PDF-1.4 statement of {tag}")));

        public string[] Secrets => [Pan, Mobile, Email, Name, Document];

        public string Input => new JsonObject
        {
            ["customerId"] = CustomerId,
            ["customer"] = new JsonObject { ["pan"] = Pan, ["mobile"] = Mobile, ["email"] = Email, ["name"] = Name, ["statement"] = Document },
        }.ToJsonString();
    }

    // A journey of the borrower that ends in `status` at `at`, with their data in input, outputs, variables, a journal body,
    // an incident's details and a consumed webhook.
    private async Task FinishedJourneyAsync(string id, Borrower borrower, WorkflowStatus status, DateTimeOffset at)
    {
        var record = NewInstance(id, at) with { CorrelationId = borrower.CustomerId, InputJson = borrower.Input, CreatedAt = at, UpdatedAt = at, IdempotencyKey = "idem-" + id };
        await Store.CreateInstanceAsync(record, Started(id), default);
        var claimed = (await Store.TryClaimAsync(id, "n", at, at.AddMinutes(1), default))!;
        var key = $"finbox:{borrower.CustomerId}:{id}";
        await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark(id, BookmarkKind.Webhook, "evt", key)]) with { Now = at }, default);
        Assert.Equal(WebhookDeliveryStatus.Routed, (await Store.DeliverWebhookAsync("evt-" + id, key, new JsonObject { ["email"] = borrower.Email }.ToJsonString(), null, at, default)).Status);
        var resumed = (await Store.TryClaimAsync(id, "n", at, at.AddMinutes(1), default))!;
        var data = new JsonObject { ["response"] = new JsonObject { ["name"] = borrower.Name, ["mobile"] = borrower.Mobile } }.ToJsonString();
        await Store.CommitAsync(new InstanceCommit
        {
            State = resumed with
            {
                Status = status,
                ReadyAt = null,
                Outcome = status == WorkflowStatus.Completed ? "Disbursed" : null,
                OutputsJson = new JsonObject { ["kyc"] = new JsonObject { ["pan"] = borrower.Pan, ["doc"] = borrower.Document } }.ToJsonString(),
                VariablesJson = new JsonObject { ["email"] = borrower.Email }.ToJsonString(),
                PendingStimulusJson = null,
            },
            ExpectedVersion = resumed.Version,
            Fence = new LeaseFence("n", resumed.LeaseToken),
            ReleaseLease = true,
            Journal = [new JournalRecord(0, id, at, JournalKinds.StepCompleted, "a", 1, data)],
            NewIncident = status == WorkflowStatus.Faulted ? new IncidentRecord(Guid.NewGuid().ToString("N"), id, "a", "Retryable", $"lender said {borrower.Name}", 3, data, at, null, null) : null,
            Now = at,
        }, default);
    }

    private async Task<string> DumpAsync()
    {
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            text.Append(await DumpTableAsync(table)).Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public async Task RedactExpired_RedactsWhatIsPastRetention_LeavesNewerAndInFlightJourneysAlone()
    {
        var clock = new FakeTimeProvider(T0);
        var old = Borrower.Make("OLD01");
        var recent = Borrower.Make("NEW02");
        await FinishedJourneyAsync("old-done", old, WorkflowStatus.Completed, clock.GetUtcNow());
        await FinishedJourneyAsync("old-faulted", old, WorkflowStatus.Faulted, clock.GetUtcNow());
        var waiting = await CreateAsync("old-waiting", clock.GetUtcNow());
        await Store.CommitAsync(Commit(waiting, null, [Bookmark("old-waiting", BookmarkKind.Signal, "s", "s")]) with { Now = clock.GetUtcNow() }, default);
        clock.Advance(TimeSpan.FromDays(20));
        await FinishedJourneyAsync("new-done", recent, WorkflowStatus.Completed, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(15)); // old ones finished 35 days ago, the new one 15

        var completed = await Store.RedactExpiredAsync(WorkflowStatus.Completed, clock.GetUtcNow() - Retention, 10, clock.GetUtcNow(), null, default);
        Assert.Equal(["old-done"], completed!.Select(r => r.Id));
        Assert.Empty((await Store.RedactExpiredAsync(WorkflowStatus.Completed, clock.GetUtcNow() - Retention, 10, clock.GetUtcNow(), null, default))!);
        Assert.Equal(["old-faulted"], (await Store.RedactExpiredAsync(WorkflowStatus.Faulted, clock.GetUtcNow() - Retention, 10, clock.GetUtcNow(), null, default))!.Select(r => r.Id));
        Assert.Equal(0, await Store.RedactInboxAsync(clock.GetUtcNow() - Retention, 10, clock.GetUtcNow(), default)); // redacted with their journeys

        // The summary row stays, with the correlation id hashed; the data is gone, also through the store (decrypted).
        var redacted = (await Store.GetInstanceAsync("old-done", default))!;
        Assert.Equal(WorkflowStatus.Completed, redacted.Status);
        Assert.Equal("Disbursed", redacted.Outcome);
        Assert.Equal(PrivacyHash.Of(old.CustomerId), redacted.CorrelationId);
        Assert.Equal("{}", redacted.InputJson);
        Assert.Equal("{}", redacted.OutputsJson);
        Assert.Equal("{}", redacted.VariablesJson);
        Assert.Null(redacted.IdempotencyKey);
        Assert.All((await Store.ReadJournalAsync("old-done", 0, 100, default)).Items, e => Assert.Null(e.DataJson));
        Assert.Null(await Store.GetOpenIncidentAsync("old-faulted", default)); // a redacted faulted journey cannot be retried

        // In flight and newer: untouched.
        var inFlight = (await Store.GetInstanceAsync("old-waiting", default))!;
        Assert.Equal(WorkflowStatus.Waiting, inFlight.Status);
        Assert.Single(await Store.GetBookmarksAsync("old-waiting", default));
        var newer = (await Store.GetInstanceAsync("new-done", default))!;
        Assert.Equal(recent.Input, newer.InputJson);
        Assert.Equal(recent.CustomerId, newer.CorrelationId);
        Assert.Contains(recent.Name, (await Store.ReadJournalAsync("new-done", 0, 100, default)).Items[^1].DataJson!, StringComparison.Ordinal);

        var dump = await DumpAsync();
        foreach (var secret in old.Secrets)
        {
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
        }

        Assert.Contains(recent.Email, dump, StringComparison.Ordinal); // the newer journey's inbox record and journal are intact
    }

    [Fact]
    public async Task RedactExpiredInbox_RemovesConsumedPayloadsPastRetention_KeepsTheEventIdAsADuplicate()
    {
        var clock = new FakeTimeProvider(T0);
        var waiting = await CreateAsync("w", clock.GetUtcNow());
        await Store.CommitAsync(Commit(waiting, null, [Bookmark("w", BookmarkKind.Webhook, "evt", "k1")]) with { Now = clock.GetUtcNow() }, default);
        await Store.DeliverWebhookAsync("e1", "k1", """{"email":"old@mail.example"}""", null, clock.GetUtcNow(), default);
        clock.Advance(TimeSpan.FromDays(10));
        await Store.DeliverWebhookAsync("e2", "k-buffered", """{"email":"buffered@mail.example"}""", null, clock.GetUtcNow(), default);

        Assert.Equal(1, await Store.RedactInboxAsync(clock.GetUtcNow() - TimeSpan.FromDays(7), 10, clock.GetUtcNow(), default));
        var dump = await DumpTableAsync("webhook_inbox");
        Assert.DoesNotContain("old@mail.example", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("buffered@mail.example", dump, StringComparison.Ordinal); // not consumed yet: kept, protected (session 31)
        Assert.Equal(1, await CountRawAsync($"SELECT COUNT(*) FROM webhook_inbox WHERE event_id = 'e2' AND redacted_at IS NULL AND payload_json LIKE '{PayloadProtection.Prefix}%'"));
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM webhook_inbox WHERE event_id = 'e1' AND redacted_at IS NOT NULL AND payload_json IS NULL"));
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await Store.DeliverWebhookAsync("e1", "k1", "{}", null, clock.GetUtcNow(), default)).Status);
    }

    [Fact]
    public async Task RedactExpiredInbox_RemovesBufferedPayloadsReceivedBeforeRetention_NoLaterWaitGetsThem_AndTheEventIdStaysADuplicate()
    {
        var clock = new FakeTimeProvider(T0);
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e-early", "finbox:CUST-LATE:loan_disbursed",
            """{"customerID":"CUST-LATE","pan":"ABCDE9876F"}""", null, clock.GetUtcNow(), default)).Status);
        clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e-recent", "k-recent", """{"email":"recent@mail.example"}""", null, clock.GetUtcNow(), default)).Status);

        Assert.Equal(1, await Store.RedactInboxAsync(clock.GetUtcNow() - TimeSpan.FromDays(7), 10, clock.GetUtcNow(), default));
        Assert.Equal(0, await Store.RedactInboxAsync(clock.GetUtcNow() - TimeSpan.FromDays(7), 10, clock.GetUtcNow(), default));

        var dump = await DumpTableAsync("webhook_inbox");
        Assert.DoesNotContain("ABCDE9876F", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("CUST-LATE", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("recent@mail.example", dump, StringComparison.Ordinal); // inside the retention: kept, still buffered, protected (session 31)
        Assert.Equal(1, await CountRawAsync($"SELECT COUNT(*) FROM webhook_inbox WHERE event_id = 'e-recent' AND redacted_at IS NULL AND payload_json LIKE '{PayloadProtection.Prefix}%'"));
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await Store.DeliverWebhookAsync("e-early", "finbox:CUST-LATE:loan_disbursed", "{}", null, clock.GetUtcNow(), default)).Status);

        // A journey that starts waiting for the expired event's key now waits: the event is gone, not handed over empty.
        await CreateAsync("late");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken),
            [Bookmark("late", BookmarkKind.Webhook, "hook", "finbox:CUST-LATE:loan_disbursed")]), default);
        Assert.Null(result.ConsumedWebhook);
        Assert.Equal(WorkflowStatus.Waiting, (await Store.GetInstanceAsync("late", default))!.Status);
    }

    [Fact]
    public async Task EraseOneBorrower_FindsTheirJourneysByCorrelation_RedactsThemAndTheirInboxRecords_OthersIntact()
    {
        var clock = new FakeTimeProvider(T0);
        var erased = Borrower.Make("ERA03");
        var other = Borrower.Make("OTH04");
        await FinishedJourneyAsync("e-1", erased, WorkflowStatus.Completed, clock.GetUtcNow());
        await FinishedJourneyAsync("e-2", erased, WorkflowStatus.Cancelled, clock.GetUtcNow());
        await FinishedJourneyAsync("o-1", other, WorkflowStatus.Completed, clock.GetUtcNow());
        await Store.DeliverWebhookAsync("buffered", $"finbox:{erased.CustomerId}:late_event", new JsonObject { ["mobile"] = erased.Mobile }.ToJsonString(), null, clock.GetUtcNow(), default);

        var journeys = await Store.FindByCorrelationAsync([erased.CustomerId, PrivacyHash.Of(erased.CustomerId)], default);
        Assert.Equal(["e-1", "e-2"], journeys.Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await Store.RedactInstancesAsync(journeys.Select(j => j.Id).ToList(), clock.GetUtcNow(), default)).Count);
        Assert.Equal(1, await Store.RedactInboxByKeyAsync([$"finbox:{erased.CustomerId}:"], clock.GetUtcNow(), default));
        await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "ada", AuditActions.Erasure, null, null, "request 42",
            new JsonObject { ["customerHash"] = PrivacyHash.Of(erased.CustomerId) }.ToJsonString()), default);
        Assert.Equal(FreedSpacePurge.Done, await Store.PurgeFreedSpaceAsync(default));

        // Found again by the hash (a second request), already redacted.
        Assert.All(await Store.FindByCorrelationAsync([erased.CustomerId, PrivacyHash.Of(erased.CustomerId)], default), j => Assert.True(j.Redacted));
        var dump = await DumpAsync();
        foreach (var secret in erased.Secrets.Append(erased.CustomerId))
        {
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
        }

        var intact = (await Store.GetInstanceAsync("o-1", default))!;
        Assert.Equal(other.Input, intact.InputJson);
        Assert.Contains(other.Pan, intact.OutputsJson, StringComparison.Ordinal);
        Assert.Contains(other.Email, dump, StringComparison.Ordinal);

        var audit = await Store.QueryAuditAsync(new AuditQuery { Action = AuditActions.Erasure }, default);
        Assert.Equal("ada", Assert.Single(audit.Items).Principal);
    }

    // Round 47: a start's audit entry rides in the start's own transaction — stored with the journey it records, none for an
    // idempotent replay (the store keeps the first journey) and none for a create that fails.
    [Fact]
    public async Task CreateInstance_WithAnAuditEntry_StoresItWithTheJourney_NoneForAReplayOrAFailedCreate()
    {
        static AuditEntry Entry(string id) => new(0, T0, "ada", AuditActions.Start, "wf", id, null, """{"version":1}""")
        {
            ClientAddress = "10.0.0.7", AuthMethod = "key", AuthId = "ada", UserAgent = "partner-app/1",
        };

        var (_, created) = await Store.CreateInstanceAsync(NewInstance("first", idempotencyKey: "k"), Started("first"), Entry("first"), default);
        var (replayed, createdAgain) = await Store.CreateInstanceAsync(NewInstance("second", idempotencyKey: "k"), Started("second"), Entry("second"), default);
        // The same id again without a key: nothing inserted, nothing to replay; the write throws and rolls back.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.CreateInstanceAsync(NewInstance("first"), Started("first"), Entry("first-again"), default));

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal("first", replayed.Id);
        var stored = Assert.Single((await Store.QueryAuditAsync(new AuditQuery(), default)).Items);
        Assert.Equal(("ada", AuditActions.Start, "wf", "first", """{"version":1}""", T0), (stored.Principal, stored.Action, stored.WorkflowId, stored.InstanceId, stored.DataJson, stored.At));
        Assert.Equal(("10.0.0.7", "key", "ada", "partner-app/1"), (stored.ClientAddress, stored.AuthMethod, stored.AuthId, stored.UserAgent));
    }

    [Fact]
    public async Task Audit_IsListedNewestFirst_AndFiltered()
    {
        var clock = new FakeTimeProvider(T0);
        await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", AuditActions.Retry, "wf", "i1", "lender back", null), default);
        clock.Advance(TimeSpan.FromHours(1));
        await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "ada", AuditActions.Cancel, "wf2", "i2", null, """{"x":1}"""), default);

        var all = await Store.QueryAuditAsync(new AuditQuery(), default);
        Assert.Equal(2, all.Total);
        Assert.Equal(["ada", "oscar"], all.Items.Select(e => e.Principal));
        Assert.Equal("lender back", (await Store.QueryAuditAsync(new AuditQuery { Principal = "oscar" }, default)).Items.Single().Reason);
        Assert.Equal("i2", (await Store.QueryAuditAsync(new AuditQuery { Action = AuditActions.Cancel, WorkflowId = "wf2" }, default)).Items.Single().InstanceId);
        Assert.Equal(1, (await Store.QueryAuditAsync(new AuditQuery { From = T0.AddMinutes(30) }, default)).Total);
        Assert.Equal(1, (await Store.QueryAuditAsync(new AuditQuery { To = T0.AddMinutes(30) }, default)).Total);
        Assert.Equal(T0, (await Store.QueryAuditAsync(new AuditQuery { To = T0.AddMinutes(30) }, default)).Items.Single().At);
    }

    // Session 46 (migration 0035): an entry says from where — the client's address, how the principal signed in and which
    // sign-in, the user agent — and one without them (retention's, or older) reads back with none.
    [Fact]
    public async Task Audit_KeepsFromWhere_AndAnEntryWithoutItHasNone()
    {
        var clock = new FakeTimeProvider(T0);
        await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", AuditActions.Cancel, "wf", "i1", "withdrew", null)
        {
            ClientAddress = "2001:db8::7", AuthMethod = "session", AuthId = "0123456789abcdef0123456789abcdef", UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
        }, default);
        clock.Advance(TimeSpan.FromMinutes(1));
        await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "system", AuditActions.Retention, null, null, null, null), default);

        var items = (await Store.QueryAuditAsync(new AuditQuery(), default)).Items;
        var (retention, cancel) = (items[0], items[1]);
        Assert.Equal(("2001:db8::7", "session", "0123456789abcdef0123456789abcdef", "Mozilla/5.0 (X11; Linux x86_64)"),
            (cancel.ClientAddress, cancel.AuthMethod, cancel.AuthId, cancel.UserAgent));
        Assert.Equal((null, null, null, null), (retention.ClientAddress, retention.AuthMethod, retention.AuthId, retention.UserAgent));
    }

    // The export (GET /api/audit/export) reads keyset pages and needs no total: session 42 ran the list's COUNT(*) once per
    // page (~100 counts for 100,000 entries). CountTotal = false (what the export asks) runs none: the Total says -1.
    [Fact]
    public async Task Audit_WithoutCountTotal_ListsTheSamePage_AndCountsNothing()
    {
        var clock = new FakeTimeProvider(T0);
        for (var i = 0; i < 3; i++)
        {
            await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", AuditActions.Retry, "wf", $"i{i}", null, null), default);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var counted = await Store.QueryAuditAsync(new AuditQuery { Take = 2 }, default);
        var uncounted = await Store.QueryAuditAsync(new AuditQuery { Take = 2, CountTotal = false }, default);

        Assert.Equal((3L, -1L), (counted.Total, uncounted.Total));
        Assert.Equal(counted.Items, uncounted.Items);
    }

    [Fact]
    public async Task Audit_PagedBeforeASeq_KeepsItsPage_WhenNewActionsAreRecorded()
    {
        var clock = new FakeTimeProvider(T0);
        for (var i = 1; i <= 5; i++)
        {
            await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", AuditActions.Retry, "wf", $"i{i}", null, null), default);
        }

        var first = await Store.QueryAuditAsync(new AuditQuery { Action = AuditActions.Retry, Take = 2 }, default);
        Assert.Equal(["i5", "i4"], first.Items.Select(e => e.InstanceId));

        // Two more actions while the first page is on screen: an offset of 2 would now show i5 and i4 again.
        await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", AuditActions.Retry, "wf", "i6", null, null), default);
        await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", AuditActions.Retry, "wf", "i7", null, null), default);

        var second = await Store.QueryAuditAsync(new AuditQuery { Action = AuditActions.Retry, Take = 2, Before = first.Items[^1].Seq }, default);
        Assert.Equal(["i3", "i2"], second.Items.Select(e => e.InstanceId));
        Assert.Equal(7, second.Total);
        Assert.Equal(["i1"], (await Store.QueryAuditAsync(new AuditQuery { Action = AuditActions.Retry, Take = 2, Before = second.Items[^1].Seq }, default)).Items.Select(e => e.InstanceId));
    }

    // The Studio's audit page of one workflow (GET /api/audit?workflowId=): exactly that workflow, on both stores alike, with
    // no prefix, pattern or case folding (not "wf2", "WF" or a "w_" read as a LIKE pattern), nor the entries of no workflow
    // (an erasure); the total counts the filtered entries and the pages keep to them.
    [Fact]
    public async Task Audit_FilteredByWorkflow_ListsExactlyThatWorkflow_CountedAndPaged()
    {
        var clock = new FakeTimeProvider(T0);
        foreach (var (workflow, instance) in new (string?, string?)[] { ("wf", "a"), ("wf2", "b"), ("WF", "c"), ("w_", "d"), (null, null), ("wf", "e"), ("wf", "f") })
        {
            await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", AuditActions.Retry, workflow, instance, null, null), default);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var wf = await Store.QueryAuditAsync(new AuditQuery { WorkflowId = "wf" }, default);
        var page = await Store.QueryAuditAsync(new AuditQuery { WorkflowId = "wf", Take = 2 }, default);
        var next = await Store.QueryAuditAsync(new AuditQuery { WorkflowId = "wf", Take = 2, Before = page.Items[^1].Seq }, default);

        Assert.Equal((3L, "f e a"), (wf.Total, string.Join(' ', wf.Items.Select(e => e.InstanceId))));
        Assert.Equal((3L, "f e"), (page.Total, string.Join(' ', page.Items.Select(e => e.InstanceId))));
        Assert.Equal(["a"], next.Items.Select(e => e.InstanceId));
        Assert.Equal(["d"], (await Store.QueryAuditAsync(new AuditQuery { WorkflowId = "w_" }, default)).Items.Select(e => e.InstanceId));
        Assert.Equal(0, (await Store.QueryAuditAsync(new AuditQuery { WorkflowId = "w" }, default)).Total);
        Assert.Equal(["f", "e", "a"], (await Store.QueryAuditAsync(new AuditQuery { WorkflowId = "wf", Action = AuditActions.Retry }, default)).Items.Select(e => e.InstanceId));
    }

    // Session 46: several actions in one query (GET /api/audit?action=publish,retry,skip), the same SQL on both stores:
    // any of them, counted and paged like one, an action listed twice matched once, combined with the other filters.
    [Fact]
    public async Task Audit_FilteredBySeveralActions_ListsAnyOfThem_CountedAndPaged()
    {
        var clock = new FakeTimeProvider(T0);
        foreach (var (action, instance) in new[] { (AuditActions.Publish, "p"), (AuditActions.Start, "s"), (AuditActions.Retry, "r"), (AuditActions.Signal, "g"), (AuditActions.Skip, "k") })
        {
            await Store.AppendAuditAsync(new AuditEntry(0, clock.GetUtcNow(), "oscar", action, "wf", instance, null, null), default);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        string[] repairs = [AuditActions.Publish, AuditActions.Retry, AuditActions.Skip, AuditActions.Retry];
        var all = await Store.QueryAuditAsync(new AuditQuery { Actions = repairs }, default);
        var page = await Store.QueryAuditAsync(new AuditQuery { Actions = repairs, Take = 2 }, default);
        var next = await Store.QueryAuditAsync(new AuditQuery { Actions = repairs, Take = 2, Before = page.Items[^1].Seq }, default);

        Assert.Equal((3L, "k r p"), (all.Total, string.Join(' ', all.Items.Select(e => e.InstanceId))));
        Assert.Equal((3L, "k r"), (page.Total, string.Join(' ', page.Items.Select(e => e.InstanceId))));
        Assert.Equal(["p"], next.Items.Select(e => e.InstanceId));
        Assert.Equal(["r"], (await Store.QueryAuditAsync(new AuditQuery { Actions = repairs, Action = AuditActions.Retry }, default)).Items.Select(e => e.InstanceId));
        Assert.Equal(5, (await Store.QueryAuditAsync(new AuditQuery { Actions = [] }, default)).Total);
    }

    // Session 47 (Retention:AuditTrail): a platform whose policy ends the trail sets it, and retention removes older entries
    // in batches, oldest first, saying how many and from when to when; newer entries, and the one at the cut-off, stay.
    [Fact]
    public async Task ExpireAudit_RemovesEntriesOlderThanTheCutOff_OldestFirstInBatches_SayingFromWhenToWhen()
    {
        for (var day = 0; day < 5; day++)
        {
            await Store.AppendAuditAsync(new AuditEntry(0, T0.AddDays(day), "oscar", AuditActions.Retry, "wf", $"i{day}", $"lender back on day {day}", null), default);
        }

        var cutOff = T0.AddDays(3);
        Assert.Equal(new AuditExpiry(2, T0, T0.AddDays(1)), await Store.ExpireAuditAsync(cutOff, 2, default));
        Assert.Equal(new AuditExpiry(1, T0.AddDays(2), T0.AddDays(2)), await Store.ExpireAuditAsync(cutOff, 2, default));
        Assert.Equal(AuditExpiry.None, await Store.ExpireAuditAsync(cutOff, 2, default));

        var left = await Store.QueryAuditAsync(new AuditQuery(), default);
        Assert.Equal(["i4", "i3"], left.Items.Select(e => e.InstanceId));
        Assert.Equal(2, left.Total);
        Assert.DoesNotContain("day 2", await DumpTableAsync("audit_log"), StringComparison.Ordinal);
    }

    // Session 47: an erasure masks the borrower's name in what operators typed about the erased journeys. The store rewrites
    // the reasons of the entries about those journeys only, and only where the mask changes them.
    [Fact]
    public async Task MaskAuditReasons_RewritesTheReasonsAboutTheGivenJourneysOnly()
    {
        await Store.AppendAuditAsync(new AuditEntry(0, T0, "oscar", AuditActions.Retry, "wf", "erased-1", "retry for Meera Iyer, lender back", null), default);
        await Store.AppendAuditAsync(new AuditEntry(0, T0, "oscar", AuditActions.Cancel, "wf", "erased-2", "Mrs Iyer withdrew", null), default);
        await Store.AppendAuditAsync(new AuditEntry(0, T0, "oscar", AuditActions.Skip, "wf", "erased-2", null, null), default);
        await Store.AppendAuditAsync(new AuditEntry(0, T0, "oscar", AuditActions.Retry, "wf", "erased-2", "lender back", null), default);
        await Store.AppendAuditAsync(new AuditEntry(0, T0, "oscar", AuditActions.Retry, "wf", "other", "retry for Meera Iyer's sister", null), default);
        await Store.AppendAuditAsync(new AuditEntry(0, T0, "dana", AuditActions.Publish, "wf", null, "Iyer's change ticket", null), default);

        var changed = await Store.MaskAuditReasonsAsync(["erased-1", "erased-2"], r => r.Replace("Meera", "***", StringComparison.Ordinal).Replace("Iyer", "***", StringComparison.Ordinal), default);

        Assert.Equal(2, changed);
        var reasons = (await Store.QueryAuditAsync(new AuditQuery(), default)).Items.OrderBy(e => e.Seq).Select(e => e.Reason).ToList();
        Assert.Equal(["retry for *** ***, lender back", "Mrs *** withdrew", null, "lender back", "retry for Meera Iyer's sister", "Iyer's change ticket"], reasons);
        Assert.Equal(0, await Store.MaskAuditReasonsAsync([], r => "", default));
    }

    [Fact]
    public async Task ARedaction_LeavesATombstoneOfTheIdempotencyKey_ItsHashOnly_UntilRetentionExpiresIt()
    {
        var partnerKey = "acme\u001floan-app-77";
        await Store.CreateInstanceAsync(NewInstance("keyed", T0) with { Status = WorkflowStatus.Completed, IdempotencyKey = partnerKey, Partner = "acme" }, Started("keyed"), default);
        await Store.CreateInstanceAsync(NewInstance("unkeyed", T0) with { Status = WorkflowStatus.Completed }, Started("unkeyed"), default);
        Assert.Null(await Store.FindIdempotencyTombstoneAsync(IdempotencyKeys.Hash(partnerKey), default));

        var purgedAt = T0.AddDays(90);
        Assert.Equal(2, (await Store.RedactInstancesAsync(["keyed", "unkeyed"], purgedAt, default)).Count);

        // The key leaves the journey (a new start with it would begin again); what is kept names the journey but not the key.
        Assert.Null(await Store.FindByIdempotencyKeyAsync(partnerKey, default));
        var hash = IdempotencyKeys.Hash(partnerKey);
        Assert.StartsWith("sha256:", hash, StringComparison.Ordinal);
        Assert.Equal(new IdempotencyTombstone(hash, "acme", "wf", "keyed", purgedAt), await Store.FindIdempotencyTombstoneAsync(hash, default));
        Assert.DoesNotContain("loan-app-77", await DumpTableAsync("idempotency_tombstones"), StringComparison.Ordinal);

        // Retention: not before its period has passed, then gone (oldest first, in batches).
        Assert.Equal(0, await Store.ExpireIdempotencyTombstonesAsync(purgedAt, 10, default));
        Assert.NotNull(await Store.FindIdempotencyTombstoneAsync(hash, default));
        Assert.Equal(1, await Store.ExpireIdempotencyTombstonesAsync(purgedAt.AddMilliseconds(1), 10, default));
        Assert.Null(await Store.FindIdempotencyTombstoneAsync(hash, default));
    }

    // Session 45's privacy walk: a partner using a borrower's e-mail as its Idempotency-Key left it readable in instances
    // until the journey was removed. The store keeps the key's hash only (migration 0034), and everything a key does
    // still works: the replay, the look-up, a partner's namespace, a child's key, the redaction's tombstone.
    [Fact]
    public async Task AStartsIdempotencyKey_IsStoredAsItsHashOnly_AndStillReplays_PerPartner_AndLeavesItsTombstone()
    {
        const string key = "priya.sharma@example.in";
        var acmeKey = IdempotencyKeys.Stored("acme", key);
        var childKey = IdempotencyKeys.Stored("acme", "child:mine:approve");
        var (_, created) = await Store.CreateInstanceAsync(NewInstance("mine", T0) with { Status = WorkflowStatus.Completed, IdempotencyKey = key }, Started("mine"), default);
        var (replayed, createdAgain) = await Store.CreateInstanceAsync(NewInstance("again", T0) with { IdempotencyKey = key }, Started("again"), default);
        var (_, acmeCreated) = await Store.CreateInstanceAsync(NewInstance("acme", T0) with { IdempotencyKey = acmeKey, Partner = "acme" }, Started("acme"), default);
        var (_, childCreated) = await Store.CreateInstanceAsync(NewInstance("child", T0) with { IdempotencyKey = childKey, Partner = "acme" }, Started("child"), default);

        Assert.Equal((true, false, "mine", true, true), (created, createdAgain, replayed.Id, acmeCreated, childCreated));
        Assert.Equal("mine", (await Store.FindByIdempotencyKeyAsync(key, default))?.Id);
        Assert.Equal("acme", (await Store.FindByIdempotencyKeyAsync(acmeKey, default))?.Id);
        Assert.Equal("child", (await Store.FindByIdempotencyKeyAsync(childKey, default))?.Id);
        Assert.Null(await Store.FindByIdempotencyKeyAsync(IdempotencyKeys.Hash(key), default)); // the hash is not a key
        var instances = await DumpTableAsync("instances");
        Assert.DoesNotContain("priya", instances, StringComparison.Ordinal);
        Assert.DoesNotContain("child:mine", instances, StringComparison.Ordinal);
        Assert.Contains(IdempotencyKeys.Hash(key), instances, StringComparison.Ordinal);

        await Store.RedactInstancesAsync(["mine"], T0.AddDays(90), default);
        Assert.Equal("mine", (await Store.FindIdempotencyTombstoneAsync(IdempotencyKeys.Hash(key), default))?.InstanceId);
        Assert.Null(await Store.FindByIdempotencyKeyAsync(key, default));
    }
}
