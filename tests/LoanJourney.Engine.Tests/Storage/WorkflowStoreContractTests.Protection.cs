using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>Instance input, step outputs and pending stimulus go through the store's <see cref="IPayloadProtector"/>; the columns hold only protected text.</summary>
public abstract partial class WorkflowStoreContractTests
{
    /// <summary>The protector every contract store is built with.</summary>
    internal TestPayloadProtector Protector { get; } = new();

    /// <summary>Reads <c>input_json</c>, <c>outputs_json</c> and <c>pending_stimulus_json</c> of an instance straight from the database.</summary>
    protected abstract Task<(string Input, string Outputs, string? PendingStimulus)> ReadRawPayloadColumnsAsync(string instanceId);

    /// <summary>Overwrites <c>input_json</c> straight in the database (a row written before protection was enabled).</summary>
    protected abstract Task WriteRawInputAsync(string instanceId, string inputJson);

    // One journey whose stored input this node cannot decrypt (a key its ring does not have, a damaged value) is left out
    // of a claim, not allowed to fail it: the others are claimed and returned with it in the exception, and it stays leased
    // (so it is not claimed again at once). Before, the claim failed as a whole — on SQLite rolled back, so the same
    // earliest-due row failed every claim after it and the node claimed nothing at all.
    [Fact]
    public async Task AClaim_LeavesOutAJourneyItCannotDecrypt_AndClaimsTheOthers()
    {
        await CreateAsync("unreadable", T0.AddSeconds(-1));
        await CreateAsync("readable");
        await WriteRawInputAsync("unreadable", PayloadProtection.Prefix + "%%% not this key ring's %%%");

        var claim = await Assert.ThrowsAsync<UnreadableInstancesException>(() => Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default));

        Assert.Equal("readable", Assert.Single(claim.Claimed).Id);
        Assert.Equal("unreadable", Assert.Single(claim.Unreadable).InstanceId);
        Assert.IsType<System.Security.Cryptography.CryptographicException>(claim.Unreadable[0].InnerException);
        Assert.Empty(await Store.ClaimReadyAsync("node-b", T0, T0.AddMinutes(1), 10, default));
    }

    // Session 14: selecting journeys for a bulk operation reads their summaries, no payload: a journey this node cannot
    // decrypt is listed with the others (each is then acted on alone and reports its own error). Before, the query decrypted
    // every row it returned, and one unreadable journey failed the whole selection.
    [Fact]
    public async Task QueryInstances_ListsAJourneyItCannotDecrypt_WithTheOthers()
    {
        await CreateAsync("unreadable");
        await CreateAsync("readable");
        await WriteRawInputAsync("unreadable", PayloadProtection.Prefix + "%%% not this key ring's %%%");

        var page = await Store.QueryInstancesAsync(new InstanceQuery { WorkflowId = "wf", Take = 10 }, default);

        Assert.Equal(2, page.Total);
        Assert.Equal(["readable", "unreadable"], page.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.All(page.Items, i => Assert.Equal(("wf", WorkflowStatus.Running), (i.WorkflowId, i.Status)));
        await Assert.ThrowsAsync<InstanceUnreadableException>(() => Store.GetInstanceAsync("unreadable", default));
    }

    // Session 14: the start-up key check reads the newest journeys whose payloads are protected. A journey whose input is
    // plaintext (redacted, or written before protection was enabled) reads with any keys and is left out; the answer is
    // newest first (created time, then id), at most the number asked for.
    [Fact]
    public async Task NewestProtectedInstanceIds_LeaveOutJourneysWhoseInputIsPlaintext()
    {
        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            await CreateAsync(id);
        }

        await WriteRawInputAsync("e", "{}"); // the newest (same created time, highest id): redacted
        await WriteRawInputAsync("c", "{\"legacy\":true}");

        Assert.Equal(["d", "b"], await Store.GetNewestProtectedInstanceIdsAsync(2, default));
        Assert.Equal(["d", "b", "a"], await Store.GetNewestProtectedInstanceIdsAsync(5, default));
    }

    // A journey waiting for the signal "go" and due (as a timer or a webhook would make it), claimed and committed once by
    // node-a: what the store's faults for the operator start from.
    private async Task CreateWaitingAndDueAsync(string id)
    {
        await CreateAsync(id, T0.AddSeconds(-1));
        var first = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default));
        var waiting = Commit(first, new LeaseFence("node-a", first.LeaseToken), [Bookmark(id, BookmarkKind.Signal, "go", "go")]);
        await Store.CommitAsync(waiting with { State = waiting.State with { ReadyAt = T0 } }, default);
    }

    // Session 13: the dispatcher then faults such a journey with an incident (FaultUnreadableAsync) instead of leaving it
    // leased to be claimed, and logged, again each time its lease runs out: the row is Faulted with no lease and no ready
    // time (no node claims it), an open incident of kind payload_unreadable carries the message; only the node holding the
    // lease does it, once; what it waited for is removed (the operator's retry runs its step again); the stored payloads are
    // left as they were; reading the journey names it (InstanceUnreadableException).
    [Fact]
    public async Task AJourneyThatCannotBeDecrypted_IsFaultedWithAnIncident_ByTheNodeHoldingItsLease()
    {
        await CreateWaitingAndDueAsync("unreadable");
        const string stored = PayloadProtection.Prefix + "%%% not this key ring's %%%";
        await WriteRawInputAsync("unreadable", stored);
        var claim = await Assert.ThrowsAsync<UnreadableInstancesException>(() => Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default));
        Assert.Empty(claim.Claimed);

        Assert.False(await Store.FaultUnreadableAsync("unreadable", "node-b", "incident-b", "not b's", T0, default));
        Assert.True(await Store.FaultUnreadableAsync("unreadable", "node-a", "incident-a", "cannot decrypt", T0, default));
        Assert.False(await Store.FaultUnreadableAsync("unreadable", "node-a", "incident-a2", "again", T0, default));

        var incident = await Store.GetOpenIncidentAsync("unreadable", default);
        Assert.NotNull(incident);
        Assert.Equal(("incident-a", "a", InstanceUnreadableException.IncidentKind, "cannot decrypt"), (incident.Id, incident.StepId, incident.ErrorKind, incident.Message));
        var listed = Assert.Single((await Store.ListInstancesAsync(new InstanceQuery { Take = 10 }, default)).Items);
        Assert.Equal((WorkflowStatus.Faulted, true), (listed.Status, listed.HasIncident));
        Assert.Empty(await Store.GetBookmarksAsync("unreadable", default));
        Assert.Empty(await Store.ClaimReadyAsync("node-b", T0.AddHours(1), T0.AddHours(2), 10, default));
        Assert.Equal(stored, (await ReadRawPayloadColumnsAsync("unreadable")).Input);
        var read = await Assert.ThrowsAsync<InstanceUnreadableException>(() => Store.GetInstanceAsync("unreadable", default));
        Assert.Equal(("unreadable", "payload_unreadable"), (read.InstanceId, read.Code));
        Assert.Contains("Server:DataProtectionKeysPath", read.Message, StringComparison.Ordinal);
    }

    // Session 39: the same fault with another kind, for a journey the runner claimed and cannot run for a reason a retry
    // a few seconds later does not change (its version does not load in this build: VersionUnloadable). Its payloads are
    // readable, and stay so. Walked on PostgreSQL in session 40; this makes it a guarantee of both stores.
    [Fact]
    public async Task AJourneyFaultedForTheOperator_KeepsItsKindAndMessage_ByTheNodeHoldingItsLease_Once()
    {
        await CreateWaitingAndDueAsync("unloadable");
        var again = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default));
        Assert.Equal("unloadable", again.Id);

        Assert.False(await Store.FaultForOperatorAsync("unloadable", "node-b", "incident-b", "VersionUnloadable", "not b's", T0, default));
        Assert.True(await Store.FaultForOperatorAsync("unloadable", "node-a", "incident-a", "VersionUnloadable", "does not load", T0, default));
        Assert.False(await Store.FaultForOperatorAsync("unloadable", "node-a", "incident-a2", "VersionUnloadable", "again", T0, default));

        var incident = await Store.GetOpenIncidentAsync("unloadable", default);
        Assert.NotNull(incident);
        Assert.Equal(("incident-a", "a", "VersionUnloadable", "does not load"), (incident.Id, incident.StepId, incident.ErrorKind, incident.Message));
        var faulted = await Store.GetInstanceAsync("unloadable", default);
        Assert.Equal((WorkflowStatus.Faulted, null, null), (faulted!.Status, faulted.ReadyAt, faulted.LeaseOwner));
        Assert.Empty(await Store.GetBookmarksAsync("unloadable", default));
        Assert.Empty(await Store.ClaimReadyAsync("node-b", T0.AddHours(1), T0.AddHours(2), 10, default));
    }

    // Session 15: a journey whose keys are lost for good could neither run nor be cancelled (cancel reads it first), and a
    // Waiting one waited for ever. Abandon closes it in one transaction without reading or writing its payloads: Cancelled,
    // its wait and incident dropped, the counters moved by the same commit, a journal entry naming who and why; a lease
    // holder's later commit is refused; a finished journey is left as it is.
    [Fact]
    public async Task AbandoningAJourneyThatCannotBeDecrypted_CancelsItWithoutReadingItsPayloads()
    {
        await CreateAsync("unreadable", T0.AddSeconds(-1));
        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default));
        var fence = new LeaseFence("node-a", claimed.LeaseToken);
        await Store.CommitAsync(Commit(claimed, fence, [Bookmark("unreadable", BookmarkKind.Signal, "go", "go")]), default);
        const string stored = PayloadProtection.Prefix + "%%% not this key ring's %%%";
        await WriteRawInputAsync("unreadable", stored);
        await CreateAsync("other");

        Assert.True(await Store.AbandonAsync("unreadable", Abandoned("unreadable", "keys lost in the 2026 outage"), T0.AddMinutes(5), default));

        var list = await Store.ListInstancesAsync(new InstanceQuery { Take = 10 }, default);
        var abandoned = Assert.Single(list.Items, i => i.Id == "unreadable");
        Assert.Equal((WorkflowStatus.Cancelled, false, T0.AddMinutes(5), (string?)null), (abandoned.Status, abandoned.HasIncident, abandoned.UpdatedAt, abandoned.CurrentStepId));
        Assert.Equal((1L, 1L, 0L), (list.CountsByStatus[WorkflowStatus.Cancelled], list.CountsByStatus[WorkflowStatus.Running], list.CountsByStatus[WorkflowStatus.Waiting]));
        Assert.Empty(await Store.GetBookmarksAsync("unreadable", default));
        Assert.Null(await Store.GetOpenIncidentAsync("unreadable", default));
        Assert.Equal(stored, (await ReadRawPayloadColumnsAsync("unreadable")).Input);
        var entry = (await Store.ReadJournalAsync("unreadable", 0, 100, default)).Items[^1];
        Assert.Equal(JournalKinds.InstanceAbandoned, entry.Kind);
        Assert.Equal(("keys lost in the 2026 outage", "admin-1"), (JsonNode.Parse(entry.DataJson!)!["reason"]!.GetValue<string>(), JsonNode.Parse(entry.DataJson!)!["by"]!.GetValue<string>()));
        await Assert.ThrowsAsync<StaleCommitException>(() => Store.CommitAsync(Commit(claimed, fence), default));
        Assert.Equal("other", Assert.Single(await Store.ClaimReadyAsync("node-b", T0.AddHours(1), T0.AddHours(2), 10, default)).Id);

        Assert.False(await Store.AbandonAsync("unreadable", Abandoned("unreadable", "again"), T0.AddMinutes(6), default));
        Assert.False(await Store.AbandonAsync("missing", Abandoned("missing", "none"), T0.AddMinutes(6), default));
        Assert.Single((await Store.ReadJournalAsync("unreadable", 0, 100, default)).Items, e => e.Kind == JournalKinds.InstanceAbandoned);
    }

    private static JournalRecord Abandoned(string instanceId, string reason) =>
        new(0, instanceId, T0.AddMinutes(5), JournalKinds.InstanceAbandoned, null, null, new JsonObject { ["reason"] = reason, ["by"] = "admin-1" }.ToJsonString());

    private static void AssertProtected(string? raw, string marker)
    {
        Assert.NotNull(raw);
        Assert.StartsWith(PayloadProtection.Prefix, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(marker)), raw, StringComparison.Ordinal);
    }

    // Round 48 (docs/PERFORMANCE.md): a start answers the journey it stored without reading the row back — nothing decrypted
    // (SQLite read it back with a SELECT, PostgreSQL with RETURNING, and both decrypted its input and outputs) — and what it
    // answers is what every later read of the journey says: the key as its hash, version 1, no lease, whole milliseconds.
    [Fact]
    public async Task CreateInstance_AnswersTheJourneyAsStored_WithoutDecryptingIt()
    {
        var at = T0.AddTicks(3_105_038);
        var instance = NewInstance("i", at, idempotencyKey: "partner-key-1") with
        {
            InputJson = new JsonObject { ["customerId"] = "C-1", ["pan"] = "ABCDE1234F" }.ToJsonString(),
            OutputsJson = new JsonObject { ["kyc"] = new JsonObject { ["ok"] = true } }.ToJsonString(),
            CorrelationId = "corr-1",
            Partner = "acme",
            StepStateJson = """{"n":1}""",
            CreatedAt = at,
            UpdatedAt = at,
            Version = 7,
            LeaseOwner = "not-stored",
            LeaseToken = 9,
        };
        var decrypted = Protector.UnprotectedCount;

        var (created, isNew) = await Store.CreateInstanceAsync(instance, Started("i"), default);

        Assert.True(isNew);
        Assert.Equal(decrypted, Protector.UnprotectedCount);
        Assert.Equal(await Store.GetInstanceAsync("i", default), created);
    }

    [Fact]
    public async Task InputOutputsAndPendingStimulus_AreStoredProtected_AndReadBackAsPlaintext()
    {
        const string statement = "BANK-STATEMENT-MARKER-4711";
        const string reupload = "REUPLOAD-FILE-MARKER-0815";
        var input = new JsonObject { ["statement"] = statement }.ToJsonString();
        var (created, _) = await Store.CreateInstanceAsync(NewInstance("i") with { InputJson = input }, Started("i"), default);
        Assert.Equal(input, created.InputJson);
        AssertProtected((await ReadRawPayloadColumnsAsync("i")).Input, statement);

        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        Assert.Equal(input, claimed.InputJson);
        await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Signal, "reupload-statement", "reupload-statement")]), default);
        var payload = new JsonObject { ["files"] = new JsonArray(reupload) }.ToJsonString();
        Assert.Equal(SignalFireResult.Fired, await Store.FireSignalAsync("i", "reupload-statement", payload, null, T0, default));

        var raw = await ReadRawPayloadColumnsAsync("i");
        AssertProtected(raw.Input, statement);
        AssertProtected(raw.PendingStimulus, reupload);
        var read = (await Store.GetInstanceAsync("i", default))!;
        Assert.Equal(input, read.InputJson);
        Assert.Equal(payload, PendingStimulus.FromJson(read.PendingStimulusJson)!.PayloadJson);
        var reclaimed = Assert.Single(await Store.ClaimReadyAsync("n", T0.AddMinutes(2), T0.AddMinutes(3), 1, default));
        Assert.Equal(payload, PendingStimulus.FromJson(reclaimed.PendingStimulusJson)!.PayloadJson);

        // The runner's next commit carries the consumed stimulus back unchanged (plaintext in memory): stored protected again, never
        // twice; the wait step's output now holds the payload too.
        var outputs = new JsonObject { ["wait"] = new JsonObject { ["payload"] = JsonNode.Parse(payload) } }.ToJsonString();
        await Store.CommitAsync(Commit(reclaimed with { OutputsJson = outputs }, new LeaseFence("n", reclaimed.LeaseToken)), default);
        raw = await ReadRawPayloadColumnsAsync("i");
        AssertProtected(raw.PendingStimulus, reupload);
        AssertProtected(raw.Outputs, reupload);
        read = (await Store.GetInstanceAsync("i", default))!;
        Assert.Equal(payload, PendingStimulus.FromJson(read.PendingStimulusJson)!.PayloadJson);
        Assert.Equal(outputs, read.OutputsJson);
    }

    [Fact]
    public async Task ABufferedWebhookConsumedByACommit_IsStoredProtected()
    {
        const string marker = "EARLY-WEBHOOK-MARKER-2024";
        var payload = new JsonObject { ["document"] = marker }.ToJsonString();
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e0", "k9", payload, null, T0, default)).Status);
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));

        await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k9")]), default);

        AssertProtected((await ReadRawPayloadColumnsAsync("i")).PendingStimulus, marker);
        Assert.Equal(payload, PendingStimulus.FromJson((await Store.GetInstanceAsync("i", default))!.PendingStimulusJson)!.PayloadJson);
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, read straight from the database (null when none).</summary>
    protected abstract Task<string?> ReadRawTextAsync(string sql);

    private Task<string?> RawInboxPayloadAsync(string eventId) =>
        ReadRawTextAsync($"SELECT payload_json FROM webhook_inbox WHERE event_id = '{eventId}'");

    // Session 31: a buffered webhook (nothing waits for it yet) is stored protected, like the instance columns; before, the
    // inbox kept every payload as sent (a partner's handshake answer carries the borrower's name, email, phone and
    // address). The commit that consumes it gives the journey the plaintext and removes it from the inbox: from then on it
    // lives, protected, in the instance only. The row stays for de-duplication and audit.
    [Fact]
    public async Task ABufferedWebhook_IsStoredProtected_AndLeavesTheInboxWithTheCommitThatConsumesIt()
    {
        const string email = "early.borrower@mail.example";
        var payload = new JsonObject { ["status"] = "1", ["customer_data"] = new JsonObject { ["email"] = email } }.ToJsonString();
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e1", "partner:handshake:hs-1", payload, null, T0, default)).Status);
        AssertProtected(await RawInboxPayloadAsync("e1"), email);

        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "handshake", "partner:handshake:hs-1")]), default);

        Assert.Equal(("e1", payload), (result.ConsumedWebhook!.EventId, result.ConsumedWebhook.PayloadJson));
        Assert.Null(await RawInboxPayloadAsync("e1"));
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM webhook_inbox WHERE event_id = 'e1' AND consumed_by = 'i' AND consumed_at IS NOT NULL"));
        AssertProtected((await ReadRawPayloadColumnsAsync("i")).PendingStimulus, email);
        Assert.Equal(payload, PendingStimulus.FromJson((await Store.GetInstanceAsync("i", default))!.PendingStimulusJson)!.PayloadJson);
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await Store.DeliverWebhookAsync("e1", "partner:handshake:hs-1", payload, null, T0, default)).Status);
    }

    // Session 31: a webhook routed at once to a waiting journey stores no payload in the inbox (it goes, protected, into the
    // journey's pending stimulus only); its row keeps event id, key, times and consumer. Before, the inbox row held it as sent.
    [Fact]
    public async Task ARoutedWebhook_LeavesNoPayloadInTheInbox()
    {
        const string phone = "9876543210";
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k1")]), default);
        var payload = new JsonObject { ["mobile"] = phone }.ToJsonString();

        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, "i"), await Store.DeliverWebhookAsync("e2", "k1", payload, null, T0.AddSeconds(5), default));

        Assert.Null(await RawInboxPayloadAsync("e2"));
        Assert.Equal(1, await CountRawAsync("SELECT COUNT(*) FROM webhook_inbox WHERE event_id = 'e2' AND key = 'k1' AND consumed_by = 'i' AND consumed_at IS NOT NULL AND received_at IS NOT NULL"));
        AssertProtected((await ReadRawPayloadColumnsAsync("i")).PendingStimulus, phone);
        Assert.Equal(payload, PendingStimulus.FromJson((await Store.GetInstanceAsync("i", default))!.PendingStimulusJson)!.PayloadJson);
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await Store.DeliverWebhookAsync("e2", "k1", payload, null, T0.AddSeconds(6), default)).Status);
    }

    // Session 31, migration 0028 on rows written before it: a consumed row's plaintext payload is removed (nothing reads it);
    // a buffered one is protected once, in the migration's transaction, and a journey that waits later still gets it; a
    // redacted row stays as it was. The migration is re-applied here to rows written as the store wrote them before.
    [Fact]
    public async Task Migration0028_ClearsConsumedPayloads_AndProtectsBufferedOnesThatStillReach_AWaitingJourney()
    {
        const string consumedName = "Consumed Borrower Name";
        const string bufferedAddress = "12 Buffered Lane, Pune";
        var buffered = new JsonObject { ["customer_data"] = new JsonObject { ["address"] = bufferedAddress } }.ToJsonString();
        var before = UnixMs(T0.AddMinutes(-5));
        await ExecuteRawAsync(
            "INSERT INTO webhook_inbox (event_id, key, payload_json, received_at, consumed_by, consumed_at) VALUES " +
            $"('old-consumed', 'k-old', '{{\"name\":\"{consumedName}\"}}', {before}, 'gone', {before}), " +
            $"('old-buffered', 'k-late', '{buffered}', {before}, NULL, NULL), " +
            $"('old-redacted', '{Redaction.RedactedKey}', NULL, {before}, 'gone', {before})");
        await ExecuteRawAsync("DELETE FROM schema_migrations WHERE version = 28");

        await Store.InitializeAsync(default);

        Assert.Null(await RawInboxPayloadAsync("old-consumed"));
        Assert.Null(await RawInboxPayloadAsync("old-redacted"));
        AssertProtected(await RawInboxPayloadAsync("old-buffered"), bufferedAddress);
        Assert.Equal(3, await CountRawAsync("SELECT COUNT(*) FROM webhook_inbox"));
        await Store.InitializeAsync(default); // applied once: a protected value is never protected again
        AssertProtected(await RawInboxPayloadAsync("old-buffered"), bufferedAddress);

        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k-late")]), default);
        Assert.Equal(buffered, result.ConsumedWebhook!.PayloadJson);
        Assert.Null(await RawInboxPayloadAsync("old-buffered"));
    }

    // A buffered row written in the clear before 0028 by a store whose protector does not encrypt still reads (the prefix
    // is what tells the two apart), and its commit consumes it.
    [Fact]
    public async Task ABufferedPlaintextLegacyRow_StillReads_WhenConsumed()
    {
        await ExecuteRawAsync($"INSERT INTO webhook_inbox (event_id, key, payload_json, received_at) VALUES ('legacy', 'k-legacy', '{{\"legacy\":true}}', {UnixMs(T0)})");
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));

        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k-legacy")]), default);

        Assert.Equal("""{"legacy":true}""", result.ConsumedWebhook!.PayloadJson);
        Assert.Null(await RawInboxPayloadAsync("legacy"));
    }

    private static long UnixMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    [Fact]
    public async Task ACommitWithOutputsUnchanged_KeepsTheStoredOutputs_AndProtectsNothingAgain()
    {
        const string marker = "OFFER-OUTPUT-MARKER-1312";
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var fence = new LeaseFence("n", claimed.LeaseToken);
        var outputs = new JsonObject { ["bre"] = new JsonObject { ["offer"] = marker } }.ToJsonString();
        var result = await Store.CommitAsync(Commit(claimed with { OutputsJson = outputs }, fence) with { ReleaseLease = false }, default);
        var stored = (await ReadRawPayloadColumnsAsync("i")).Outputs;
        var protections = Protector.ProtectedCount;

        // What a poll commits: the outputs it read, unchanged. A stale in-memory value is never written back either.
        await Store.CommitAsync(Commit(claimed with { OutputsJson = "{}", Version = result.NewVersion }, fence) with { OutputsUnchanged = true }, default);

        Assert.Equal(protections, Protector.ProtectedCount);
        Assert.Equal(stored, (await ReadRawPayloadColumnsAsync("i")).Outputs);
        Assert.Equal(outputs, (await Store.GetInstanceAsync("i", default))!.OutputsJson);
    }

    [Fact]
    public async Task APlaintextRowWrittenBeforeProtection_StillReads()
    {
        await CreateAsync("i");
        await WriteRawInputAsync("i", """{"legacy":true}""");

        Assert.Equal("""{"legacy":true}""", (await Store.GetInstanceAsync("i", default))!.InputJson);
    }
}
