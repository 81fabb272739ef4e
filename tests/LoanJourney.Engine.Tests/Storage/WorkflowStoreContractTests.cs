using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// The guarantees every <see cref="IWorkflowStore"/> must keep. A store implementation subclasses this with a factory
/// (SQLite: <see cref="SqliteWorkflowStoreContractTests"/>; PostgreSQL next).
/// </summary>
public abstract partial class WorkflowStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    protected IWorkflowStore Store { get; private set; } = null!;

    /// <summary>Creates a fresh, empty store.</summary>
    protected abstract Task<IWorkflowStore> CreateStoreAsync();

    /// <summary>Another store on the database <see cref="CreateStoreAsync"/> made, with <paramref name="protector"/> (another node's, another version's).</summary>
    protected abstract IWorkflowStore CreateStoreOnTheSameDatabase(IPayloadProtector protector);

    /// <summary>Drops what <see cref="CreateStoreAsync"/> made.</summary>
    protected abstract Task DestroyStoreAsync();

    /// <summary>
    /// A store of its own brought up to migration <paramref name="before"/>, given <paramref name="rows"/> as the build of then
    /// wrote them, then initialized by this build; <paramref name="check"/> reads it through the store and, with raw SQL (one
    /// column of text), the database itself. What each store's migration tests share.
    /// </summary>
    protected abstract Task UpgradedAsync(int before, string rows, Func<IWorkflowStore, Func<string, Task<List<string?>>>, Task> check);

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync(default);
    }

    public Task DisposeAsync() => DestroyStoreAsync();

    private static InstanceRecord NewInstance(string id, DateTimeOffset? readyAt = null, string? idempotencyKey = null) => new()
    {
        Id = id,
        WorkflowId = "wf",
        WorkflowVersion = 1,
        Status = WorkflowStatus.Running,
        IdempotencyKey = idempotencyKey,
        InputJson = "{}",
        VariablesJson = "{}",
        OutputsJson = "{}",
        HistoryJson = "[]",
        CurrentStepId = "a",
        ReadyAt = readyAt ?? T0,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static JournalRecord Started(string id) => new(0, id, T0, JournalKinds.InstanceStarted, null, null, null);

    private async Task<InstanceRecord> CreateAsync(string id, DateTimeOffset? readyAt = null) =>
        (await Store.CreateInstanceAsync(NewInstance(id, readyAt), Started(id), default)).Instance;

    private static InstanceCommit Commit(InstanceRecord state, LeaseFence? fence, IReadOnlyList<BookmarkRecord>? bookmarks = null) => new()
    {
        State = state with { Status = bookmarks is null ? WorkflowStatus.Running : WorkflowStatus.Waiting, ReadyAt = bookmarks is null ? T0 : null },
        ExpectedVersion = state.Version,
        Fence = fence,
        ReleaseLease = bookmarks is not null,
        NewBookmarks = bookmarks ?? [],
        ConsumeBufferedWebhooks = true,
        Journal = [new JournalRecord(0, state.Id, T0, JournalKinds.StepCompleted, "a", 1, "{}")],
        Now = T0,
    };

    private static BookmarkRecord Bookmark(string instanceId, BookmarkKind kind, string name, string? key, DateTimeOffset? due = null) =>
        new(Guid.NewGuid().ToString("N"), instanceId, "a", kind, name, key, due, false, T0);

    [Fact]
    public async Task CreateInstance_SameIdempotencyKey_ReturnsTheFirst()
    {
        var (first, created) = await Store.CreateInstanceAsync(NewInstance("i1", idempotencyKey: "k"), Started("i1"), default);
        var (second, createdAgain) = await Store.CreateInstanceAsync(NewInstance("i2", idempotencyKey: "k"), Started("i2"), default);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal("i1", second.Id);
        Assert.Equal(first.Version, second.Version);
        Assert.Null(await Store.GetInstanceAsync("i2", default));
    }

    [Fact]
    public async Task Partner_IsStoredWithTheJourney_KeptByACommit_AndFiltersTheListAndItsCounts()
    {
        await Store.CreateInstanceAsync(NewInstance("a1") with { Partner = "acme" }, Started("a1"), default);
        await Store.CreateInstanceAsync(NewInstance("a2") with { Partner = "acme", Status = WorkflowStatus.Waiting }, Started("a2"), default);
        await Store.CreateInstanceAsync(NewInstance("z1") with { Partner = "zeta" }, Started("z1"), default);
        await CreateAsync("team");

        // A commit writes the runner's state, which never sets a partner: the journey keeps its own.
        var claimed = (await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default)).Single(i => i.Id == "a1");
        Assert.Equal("acme", claimed.Partner);
        await Store.CommitAsync(Commit(claimed with { Partner = null }, new LeaseFence("node-a", claimed.LeaseToken)), default);
        Assert.Equal("acme", (await Store.GetInstanceAsync("a1", default))!.Partner);
        Assert.Null((await Store.GetInstanceAsync("team", default))!.Partner);

        var acme = await Store.ListInstancesAsync(new InstanceQuery { Partner = "acme" }, default);
        Assert.Equal(["a1", "a2"], acme.Items.Select(i => i.Id).Order());
        Assert.Equal(2, acme.Total);
        Assert.Equal(2, acme.CountsByStatus.Values.Sum());
        Assert.Equal(1, acme.CountsByStatus[WorkflowStatus.Waiting]);
        var acmeWaiting = await Store.ListInstancesAsync(new InstanceQuery { Partner = "acme", WorkflowId = "wf", Status = WorkflowStatus.Waiting }, default);
        Assert.Equal(["a2"], acmeWaiting.Items.Select(i => i.Id));
        Assert.Equal(1, acmeWaiting.Total);
        Assert.Equal(4, (await Store.ListInstancesAsync(new InstanceQuery(), default)).Total);
    }

    // hasPartner (session 44) had no store test: its SQL is shared, and ran on SQLite only through the server's tests. Session
    // 45: the team's own journeys (partner NULL) and every partner's, with their total, counts and keyset pages, in both sorts,
    // on each store (PostgresWorkflowStoreContractTests runs this on a real PostgreSQL).
    [Theory]
    [InlineData(InstanceSortField.CreatedAt)]
    [InlineData(InstanceSortField.UpdatedAt)]
    public async Task HasPartner_ListsTheTeamsOwnJourneysOrEveryPartners_WithTheirCountsAndPages(InstanceSortField sort)
    {
        await Store.CreateInstanceAsync(NewInstance("a1") with { Partner = "acme", CreatedAt = T0.AddSeconds(1), UpdatedAt = T0.AddSeconds(6) }, Started("a1"), default);
        await Store.CreateInstanceAsync(NewInstance("a2") with { Partner = "acme", Status = WorkflowStatus.Waiting, CreatedAt = T0.AddSeconds(2), UpdatedAt = T0.AddSeconds(5) }, Started("a2"), default);
        await Store.CreateInstanceAsync(NewInstance("z1") with { Partner = "zeta", CreatedAt = T0.AddSeconds(3), UpdatedAt = T0.AddSeconds(4) }, Started("z1"), default);
        await Store.CreateInstanceAsync(NewInstance("t1") with { CreatedAt = T0.AddSeconds(4), UpdatedAt = T0.AddSeconds(3) }, Started("t1"), default);
        await Store.CreateInstanceAsync(NewInstance("t2") with { Status = WorkflowStatus.Waiting, CreatedAt = T0.AddSeconds(5), UpdatedAt = T0.AddSeconds(2) }, Started("t2"), default);
        await Store.CreateInstanceAsync(NewInstance("t3") with { CreatedAt = T0.AddSeconds(6), UpdatedAt = T0.AddSeconds(1) }, Started("t3"), default);

        async Task<(List<string> Ids, long Total, IReadOnlyDictionary<WorkflowStatus, long> Counts)> ListAsync(InstanceQuery query)
        {
            // Two a page, after the cursor of the page before: the keyset range of the sort, as the Studio pages.
            var ids = new List<string>();
            var page = await Store.ListInstancesAsync(query, default);
            var (total, counts) = (page.Total, page.CountsByStatus);
            ids.AddRange(page.Items.Select(i => i.Id));
            while (page.Next(query) is { } next)
            {
                page = await Store.ListInstancesAsync(query with { After = next }, default);
                ids.AddRange(page.Items.Select(i => i.Id));
            }

            return (ids, total, counts);
        }

        // Newest first by the sort: by creation t3 t2 t1 | z1 a2 a1; by update a1 a2 z1 | t1 t2 t3.
        var team = await ListAsync(new InstanceQuery { HasPartner = false, Sort = sort, Take = 2 });
        Assert.Equal(sort == InstanceSortField.CreatedAt ? ["t3", "t2", "t1"] : ["t1", "t2", "t3"], team.Ids);
        Assert.Equal(3, team.Total);
        Assert.Equal((2, 1), (team.Counts[WorkflowStatus.Running], team.Counts[WorkflowStatus.Waiting]));

        var partners = await ListAsync(new InstanceQuery { HasPartner = true, Sort = sort, Take = 2 });
        Assert.Equal(sort == InstanceSortField.CreatedAt ? ["z1", "a2", "a1"] : ["a1", "a2", "z1"], partners.Ids);
        Assert.Equal(3, partners.Total);
        Assert.Equal((2, 1), (partners.Counts[WorkflowStatus.Running], partners.Counts[WorkflowStatus.Waiting]));

        var acme = await ListAsync(new InstanceQuery { Partner = "acme", Sort = sort, Take = 1 });
        Assert.Equal(sort == InstanceSortField.CreatedAt ? ["a2", "a1"] : ["a1", "a2"], acme.Ids);
        Assert.Equal(2, acme.Total);

        // With the other filters: the team's waiting journeys, and a status filter that leaves the counts whole.
        var teamWaiting = await Store.ListInstancesAsync(new InstanceQuery { HasPartner = false, Status = WorkflowStatus.Waiting, Sort = sort }, default);
        Assert.Equal(["t2"], teamWaiting.Items.Select(i => i.Id));
        Assert.Equal(1, teamWaiting.Total);
        Assert.Equal(3, teamWaiting.CountsByStatus.Values.Sum());
    }

    [Fact]
    public async Task EverySummaryRead_NamesTheJourneysPartner_NullForTheTeams()
    {
        await Store.CreateInstanceAsync(NewInstance("a1") with { Partner = "acme", IdempotencyKey = "k-acme" }, Started("a1"), default);
        await Store.CreateInstanceAsync(NewInstance("t1") with { IdempotencyKey = "k-team" }, Started("t1"), default);

        // The list, the plain query, the summaries by id, the change feed and the idempotency look-up: before, none said whose.
        var reads = new[]
        {
            (await Store.ListInstancesAsync(new InstanceQuery(), default)).Items,
            (await Store.QueryInstancesAsync(new InstanceQuery { WorkflowId = "wf", Take = 10 }, default)).Items,
            await Store.GetSummariesAsync(["a1", "t1"], default),
            await Store.GetChangedInstancesAsync(new ChangeCursor(T0.AddSeconds(-1), null), 10, default),
        };
        Assert.All(reads, read => Assert.Equal([("a1", "acme"), ("t1", null)], read.Select(s => (s.Id, s.Partner)).OrderBy(p => p.Id)));
        Assert.Equal("acme", (await Store.FindByIdempotencyKeyAsync("k-acme", default))!.Partner);
        Assert.Null((await Store.FindByIdempotencyKeyAsync("k-team", default))!.Partner);
    }

    [Fact]
    public async Task ClaimReady_OnlyDueAndUnleasedInstances_AndOnlyOnce()
    {
        await CreateAsync("due");
        await CreateAsync("later", T0.AddMinutes(5));

        var claimed = await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default);
        var again = await Store.ClaimReadyAsync("node-b", T0, T0.AddMinutes(1), 10, default);

        var only = Assert.Single(claimed);
        Assert.Equal(("due", "node-a", 1L), (only.Id, only.LeaseOwner, only.LeaseToken));
        Assert.Empty(again);
        Assert.Equal(T0.AddMinutes(1), await Store.GetNextReadyAtAsync(default));
    }

    [Fact]
    public async Task Commit_WithAStaleVersion_IsRejected()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 1, default));
        var fence = new LeaseFence("node-a", claimed.LeaseToken);

        var first = await Store.CommitAsync(Commit(claimed, fence), default);
        var stale = await Assert.ThrowsAsync<StaleCommitException>(() => Store.CommitAsync(Commit(claimed, fence), default));

        Assert.Equal(claimed.Version + 1, first.NewVersion);
        Assert.False(stale.LeaseLost);
        Assert.Equal(2, (await Store.ReadJournalAsync("i", 0, 10, default)).Total);
    }

    [Fact]
    public async Task Commit_ResolvesTheIntentsOfItsStep_AndOfAHeldStep_AndNoOthers()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 1, default));
        var fence = new LeaseFence("node-a", claimed.LeaseToken);
        foreach (var (key, step) in new[] { ("k1", "held"), ("k2", "own"), ("k3", "other") })
        {
            await Store.SaveIntentAsync(new IntentRecord("i", key, step, "{}", T0), fence, unlessCancelRequested: true, default);
        }

        await Store.CommitAsync(Commit(claimed, fence) with { ResolveIntentsOfStep = "own", ResolveIntentsOfHeldStep = "held" }, default);

        Assert.Equal(["other"], (await Store.GetOpenIntentsAsync("i", default)).Select(i => i.StepId));
    }

    [Fact]
    public async Task Commit_AfterTheLeaseWasTakenOver_IsRejectedByTheFence()
    {
        await CreateAsync("i");
        var mine = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 1, default));
        var theirs = Assert.Single(await Store.ClaimReadyAsync("node-b", T0.AddMinutes(2), T0.AddMinutes(3), 1, default));

        var ex = await Assert.ThrowsAsync<StaleCommitException>(() => Store.CommitAsync(Commit(mine, new LeaseFence("node-a", mine.LeaseToken)), default));
        Assert.True(ex.LeaseLost);
        Assert.False(await Store.RenewLeaseAsync("i", new LeaseFence("node-a", mine.LeaseToken), T0.AddMinutes(9), default));
        await Assert.ThrowsAsync<StaleCommitException>(() => Store.SaveIntentAsync(new IntentRecord("i", "k", "a", "{}", T0), new LeaseFence("node-a", mine.LeaseToken), unlessCancelRequested: true, default));

        await Store.CommitAsync(Commit(theirs, new LeaseFence("node-b", theirs.LeaseToken)), default);
        Assert.Equal(theirs.Version + 1, (await Store.GetInstanceAsync("i", default))!.Version);
    }

    [Fact]
    public async Task InstanceMark_ReadsTheVersionTheCancelFlagAndTheLease_AndIsNullForARowThatIsGone()
    {
        var created = await CreateAsync("i");
        Assert.Equal(new InstanceMark(created.Version, false, null, created.LeaseToken), await Store.GetInstanceMarkAsync("i", default));

        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 1, default));
        Assert.Equal(new InstanceMark(claimed.Version, false, "node-a", claimed.LeaseToken), await Store.GetInstanceMarkAsync("i", default));

        // A cancel on a leased row sets only the flag (the runner's next commit brings it back).
        Assert.Equal(CancelRequestStatus.Requested, (await Store.RequestCancelAsync("i", "test", null, T0, null, default)).Status);
        Assert.Equal(new InstanceMark(claimed.Version, true, "node-a", claimed.LeaseToken), await Store.GetInstanceMarkAsync("i", default));
        Assert.Null(await Store.GetInstanceMarkAsync("missing", default));
    }

    [Fact]
    public async Task TryClaim_FailsWhileALiveLeaseIsHeld()
    {
        await CreateAsync("i");
        Assert.NotNull(await Store.TryClaimAsync("i", "node-a", T0, T0.AddMinutes(1), default));
        Assert.Null(await Store.TryClaimAsync("i", "node-b", T0.AddSeconds(30), T0.AddMinutes(2), default));
        Assert.NotNull(await Store.TryClaimAsync("i", "node-b", T0.AddMinutes(1), T0.AddMinutes(2), default));
    }

    [Fact]
    public async Task FireSignal_RemovesEveryBookmarkOfTheInstance()
    {
        var instance = await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken),
            [Bookmark("i", BookmarkKind.Signal, "otp", "otp"), Bookmark("i", BookmarkKind.Signal, "resend", "resend"), Bookmark("i", BookmarkKind.Timer, "timeout", null, T0.AddMinutes(5))]), default);

        Assert.Equal(SignalFireResult.NotExpected, await Store.FireSignalAsync("i", "pan", null, null, T0, default));
        Assert.Equal(SignalFireResult.Fired, await Store.FireSignalAsync("i", "resend", "{}", "ops", T0, default));
        Assert.Equal(SignalFireResult.NotExpected, await Store.FireSignalAsync("i", "otp", "{}", null, T0, default));

        Assert.Empty(await Store.GetBookmarksAsync("i", default));
        var fired = (await Store.GetInstanceAsync("i", default))!;
        Assert.Equal(("resend", WorkflowStatus.Running), (PendingStimulus.FromJson(fired.PendingStimulusJson)!.Name, fired.Status));
        Assert.True(fired.Version > instance.Version);
    }

    [Fact]
    public async Task DeliverWebhook_RoutesBuffersAndDeduplicates()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k1")]), default);

        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, "i"), await Store.DeliverWebhookAsync("e1", "k1", "{}", null, T0, default));
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await Store.DeliverWebhookAsync("e1", "k1", "{}", null, T0, default)).Status);
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e2", "k1", "{}", null, T0, default)).Status);
    }

    [Fact]
    public async Task DeliverWebhook_RoutesToTheEarliestWait_ByItsOwnBookmark_AndIsNotBufferedForALaterWait()
    {
        foreach (var (id, at) in new[] { ("late", T0.AddSeconds(1)), ("early", T0) })
        {
            await CreateAsync(id);
            var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
            await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken),
            [
                Bookmark(id, BookmarkKind.Timer, "timeout", null, T0.AddDays(2)) with { CreatedAt = at },
                Bookmark(id, BookmarkKind.Webhook, "other", "k0") with { CreatedAt = at },
                Bookmark(id, BookmarkKind.Webhook, "hook", "k1") with { CreatedAt = at },
            ]), default);
        }

        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, "early"), await Store.DeliverWebhookAsync("e1", "k1", "{}", null, T0, default));

        Assert.Empty(await Store.GetBookmarksAsync("early", default));
        Assert.Equal(3, (await Store.GetBookmarksAsync("late", default)).Count);
        var routed = (await Store.GetInstanceAsync("early", default))!;
        var stimulus = PendingStimulus.FromJson(routed.PendingStimulusJson)!;
        Assert.Equal((WorkflowStatus.Running, "hook", "k1", "e1"), (routed.Status, stimulus.Name, stimulus.Key, stimulus.EventId));

        // The routed event is consumed: a later wait on the same key does not take it a second time.
        await CreateAsync("third");
        var third = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 10, default), i => i.Id == "third");
        var waited = await Store.CommitAsync(Commit(third, new LeaseFence("n", third.LeaseToken),
            [Bookmark("third", BookmarkKind.Webhook, "hook", "k1") with { CreatedAt = T0.AddSeconds(2) }]), default);
        Assert.Null(waited.ConsumedWebhook);
        Assert.Equal(WorkflowStatus.Waiting, (await Store.GetInstanceAsync("third", default))!.Status);
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await Store.DeliverWebhookAsync("e1", "k1", "{}", null, T0, default)).Status);
        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, "late"), await Store.DeliverWebhookAsync("e2", "k1", "{}", null, T0, default));
    }

    [Fact]
    public async Task Commit_CreatingAWebhookWait_ConsumesABufferedEventInTheSameTransaction()
    {
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e0", "k9", """{"early":true}""", null, T0, default)).Status);
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));

        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k9")]), default);

        Assert.Equal("e0", result.ConsumedWebhook!.EventId);
        Assert.Empty(await Store.GetBookmarksAsync("i", default));
        var row = (await Store.GetInstanceAsync("i", default))!;
        Assert.Equal(("n", WorkflowStatus.Running), (row.LeaseOwner, row.Status));
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await Store.DeliverWebhookAsync("e0", "k9", "{}", null, T0, default)).Status);
    }

    // Session 47 (migration 0036): a webhook keeps the receiving request's traceparent, buffered or routed, and hands it on in
    // the pending stimulus of the journey that consumes it, so the step it resumes can link its span there. Before, a buffered
    // event kept nothing of its request and the step's trace led nowhere.
    [Fact]
    public async Task AWebhooksTraceParent_IsHandedOnToTheJourneyThatConsumesIt_BufferedOrRouted()
    {
        const string Buffered = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        const string Routed = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e0", "k9", "{}", Buffered, T0, default)).Status);
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));

        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k9")]), default);

        Assert.Equal(("e0", Buffered), (result.ConsumedWebhook!.EventId, result.ConsumedWebhook.TraceParent));
        Assert.Equal(Buffered, PendingStimulus.FromJson((await Store.GetInstanceAsync("i", default))!.PendingStimulusJson)!.TraceParent);

        await CreateAsync("j");
        var waiting = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 10, default), c => c.Id == "j");
        await Store.CommitAsync(Commit(waiting, new LeaseFence("n", waiting.LeaseToken), [Bookmark("j", BookmarkKind.Webhook, "hook", "k1")]), default);
        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, "j"), await Store.DeliverWebhookAsync("e1", "k1", "{}", Routed, T0, default));
        Assert.Equal(Routed, PendingStimulus.FromJson((await Store.GetInstanceAsync("j", default))!.PendingStimulusJson)!.TraceParent);

        // Without one (tracing off), the stimulus has none and its JSON is what it was before 0036.
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e2", "k2", "{}", null, T0, default)).Status);
        await CreateAsync("k");
        var untraced = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 10, default), c => c.Id == "k");
        var consumed = (await Store.CommitAsync(Commit(untraced, new LeaseFence("n", untraced.LeaseToken), [Bookmark("k", BookmarkKind.Webhook, "hook", "k2")]), default)).ConsumedWebhook!;
        Assert.Null(consumed.TraceParent);
        Assert.DoesNotContain("traceParent", consumed.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABufferedWebhooksJournalEntry_IsAtItsArrival_InWholeMilliseconds_ListedAmongTheCommitsEntriesByTime()
    {
        // A lender's callback racing the commit of the wait: it came after the step's call, before the step suspended.
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var arrival = T0.AddMilliseconds(1500).AddTicks(7_123);
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e0", "k9", "{}", null, arrival, default)).Status);
        var commit = Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k9")]) with
        {
            Journal =
            [
                new JournalRecord(0, "i", T0.AddSeconds(1), JournalKinds.StepStarted, "a", 1, "{}"),
                new JournalRecord(0, "i", T0.AddMilliseconds(1200), "LenderCall", "a", 1, "{}"),
                new JournalRecord(0, "i", T0.AddSeconds(2), JournalKinds.StepSuspended, "a", 1, "{}"),
            ],
            Now = T0.AddSeconds(2),
        };

        Assert.Equal("e0", (await Store.CommitAsync(commit, default)).ConsumedWebhook!.EventId);

        var journal = (await Store.ReadJournalAsync("i", 0, 100, default)).Items;
        Assert.Equal([JournalKinds.InstanceStarted, JournalKinds.StepStarted, "LenderCall", JournalKinds.WebhookReceived, JournalKinds.StepSuspended],
            journal.Select(e => e.Kind));
        var received = journal.Single(e => e.Kind == JournalKinds.WebhookReceived);
        Assert.Equal(T0.AddMilliseconds(1500), received.At);
        var data = System.Text.Json.Nodes.JsonNode.Parse(received.DataJson!)!;
        Assert.Equal(T0.AddMilliseconds(1500), data["receivedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(("k9", "e0", true), (data["key"]!.GetValue<string>(), data["eventId"]!.GetValue<string>(), data["buffered"]!.GetValue<bool>()));
        Assert.Equal(journal.OrderBy(e => e.At).Select(e => e.Sequence), journal.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AWebhookBufferedBeforeTheStepStarted_IsListedAtTheStepsStart_WithItsArrivalInItsData()
    {
        // It waited in the inbox for the journey to reach the step: dated no earlier than the commit's first entry, so the
        // journal's times stay in its order, and data.receivedAt says when it came.
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e0", "k9", "{}", null, T0.AddTicks(-4_321), default)).Status);
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var commit = Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Webhook, "hook", "k9")]) with
        {
            Journal =
            [
                new JournalRecord(0, "i", T0.AddSeconds(1), JournalKinds.StepStarted, "a", 1, "{}"),
                new JournalRecord(0, "i", T0.AddSeconds(2), JournalKinds.StepSuspended, "a", 1, "{}"),
            ],
            Now = T0.AddSeconds(2),
        };

        await Store.CommitAsync(commit, default);

        var journal = (await Store.ReadJournalAsync("i", 0, 100, default)).Items;
        Assert.Equal([JournalKinds.InstanceStarted, JournalKinds.StepStarted, JournalKinds.WebhookReceived, JournalKinds.StepSuspended], journal.Select(e => e.Kind));
        var received = journal.Single(e => e.Kind == JournalKinds.WebhookReceived);
        Assert.Equal(T0.AddSeconds(1), received.At);
        Assert.Equal(T0.AddMilliseconds(-1), System.Text.Json.Nodes.JsonNode.Parse(received.DataJson!)!["receivedAt"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public async Task Commit_WaitingOnSeveralWebhooks_ConsumesTheOldestBufferedEventOfAnyOfThem(int keys)
    {
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e-last", $"k{keys - 1}", "{}", null, T0, default)).Status);
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e-other", "elsewhere", "{}", null, T0, default)).Status);
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("e-later", "k0", "{}", null, T0.AddSeconds(1), default)).Status);
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var bookmarks = Enumerable.Range(0, keys).Select(k => Bookmark("i", BookmarkKind.Webhook, $"hook{k}", $"k{k}")).ToList();

        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), bookmarks), default);

        Assert.Equal(("e-last", $"hook{keys - 1}"), (result.ConsumedWebhook!.EventId, result.ConsumedWebhook.Name));
    }

    [Fact]
    public async Task RequestCancel_OnALeasedInstance_OnlyFlagsIt_AndTheRunnersCommitReportsIt()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));

        Assert.Equal(CancelRequestStatus.Requested, (await Store.RequestCancelAsync("i", "test", "ops", T0, null, default)).Status);
        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken), [Bookmark("i", BookmarkKind.Signal, "s", "s")]), default);

        Assert.True(result.CancelRequested);
        var row = (await Store.GetInstanceAsync("i", default))!;
        Assert.True(row.CancelRequested);
        Assert.Equal((WorkflowStatus.Running, T0), (row.Status, row.ReadyAt));
    }

    // An intent saved before its once-only call is refused once a cancel is committed (the call is then never sent); the
    // refusal is a version conflict, not a lost lease, so the runner reloads and compensates. Updates after the call still save.
    [Fact]
    public async Task SaveIntent_BeforeItsCall_IsRefusedAfterACancel_AnUpdateAfterTheCallIsNot()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var fence = new LeaseFence("n", claimed.LeaseToken);
        await Store.SaveIntentAsync(new IntentRecord("i", "block", "a", """{"sent":1}""", T0), fence, unlessCancelRequested: true, default);

        Assert.Equal(CancelRequestStatus.Requested, (await Store.RequestCancelAsync("i", "test", "ops", T0, null, default)).Status);
        var refused = await Assert.ThrowsAsync<StaleCommitException>(() =>
            Store.SaveIntentAsync(new IntentRecord("i", "tranche", "a", "{}", T0), fence, unlessCancelRequested: true, default));
        Assert.False(refused.LeaseLost);
        await Store.SaveIntentAsync(new IntentRecord("i", "block", "a", """{"sent":1,"answer":"ok"}""", T0), fence, unlessCancelRequested: false, default);

        var open = Assert.Single(await Store.GetOpenIntentsAsync("i", default));
        Assert.Equal(("block", """{"sent":1,"answer":"ok"}"""), (open.Key, open.DataJson));
    }

    // A cancel guarded by a point of no return (docs/engine.md): checked in the cancel's own transaction, against the row
    // it flags, so a money call's intent saved before it is seen, and one after it is refused (the test above).
    [Fact]
    public async Task RequestCancel_WithAGuard_IsRefusedWhileAPointOfNoReturnCallMayBeOut_OrWhenTheRowMoved()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var fence = new LeaseFence("n", claimed.LeaseToken);
        var version = (await Store.GetInstanceAsync("i", default))!.Version;
        CancelGuard Guard(long expected) => new(expected, ["pay"]);

        Assert.Equal(CancelRequestStatus.Moved, (await Store.RequestCancelAsync("i", "test", "ops", T0, Guard(version - 1), default)).Status);
        await Store.SaveIntentAsync(new IntentRecord("i", "block", "a", "{}", T0), fence, unlessCancelRequested: true, default);
        await Store.SaveIntentAsync(new IntentRecord("i", "tranche", "pay", """{"amount":100}""", T0), fence, unlessCancelRequested: true, default);
        var refused = await Store.RequestCancelAsync("i", "test", "ops", T0, Guard(version), default);
        Assert.Equal((CancelRequestStatus.MoneyCallOut, "tranche", "pay"), (refused.Status, refused.Intent?.Key, refused.Intent?.StepId));
        Assert.False((await Store.GetInstanceAsync("i", default))!.CancelRequested);

        // The lender answered the tranche with a failure: the money did not move, so the cancel applies.
        await Store.SaveIntentAsync(new IntentRecord("i", "tranche", "pay", """{"amount":100,"answered":true}""", T0), fence, unlessCancelRequested: false, default);
        Assert.Equal(CancelRequestStatus.Requested, (await Store.RequestCancelAsync("i", "test", "ops", T0, Guard(version), default)).Status);
        Assert.True((await Store.GetInstanceAsync("i", default))!.CancelRequested);
    }

    // The SQLite store names status and ready_at only when they change against the state the writer read: a cancel that
    // arrived while the lease was held (the flag only, the version unchanged) must still make the instance ready at commit.
    [Fact]
    public async Task RequestCancel_OnALeasedInstance_ARunnersCommitThatKeepsStatusAndReadyAt_StillMakesItReadyNow()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        var now = T0.AddSeconds(5);

        Assert.Equal(CancelRequestStatus.Requested, (await Store.RequestCancelAsync("i", "test", "ops", T0, null, default)).Status);
        var result = await Store.CommitAsync(Commit(claimed, new LeaseFence("n", claimed.LeaseToken)) with
        {
            State = claimed with { VariablesJson = """{"x":1}""" },
            Previous = claimed,
            LeaseExpiresAt = now.AddMinutes(1),
            Now = now,
        }, default);

        Assert.True(result.CancelRequested);
        var row = (await Store.GetInstanceAsync("i", default))!;
        Assert.True(row.CancelRequested);
        Assert.Equal((WorkflowStatus.Running, now, "a", """{"x":1}"""), (row.Status, row.ReadyAt, row.CurrentStepId, row.VariablesJson));
    }

    // A deferral moves ready_at without a new version; a later commit from the state read before it writes its own ready_at.
    [Fact]
    public async Task Commit_WithTheStateItRead_AfterADeferralMovedReadyAt_WritesItsReadyAt()
    {
        await CreateAsync("i");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("n", T0, T0.AddMinutes(1), 1, default));
        await Store.DeferAsync("i", new LeaseFence("n", claimed.LeaseToken), T0.AddMinutes(5), default);

        await Store.CommitAsync(Commit(claimed, fence: null) with
        {
            State = claimed with { VariablesJson = """{"x":1}""" },
            Previous = claimed,
            RequireNoLease = true,
        }, default);

        var row = (await Store.GetInstanceAsync("i", default))!;
        Assert.Equal((WorkflowStatus.Running, T0, claimed.Version + 1), (row.Status, row.ReadyAt, row.Version));
    }

    [Fact]
    public async Task QueryInstances_PagesWithATotal()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync($"i{i}");
        }

        var page = await Store.QueryInstancesAsync(new InstanceQuery { WorkflowId = "wf", Skip = 1, Take = 2 }, default);
        Assert.Equal(5, page.Total);
        Assert.Equal(2, page.Items.Count);
    }

    [Fact]
    public async Task SaveDefinition_SameVersionDifferentHash_IsAConflict()
    {
        Assert.Equal(DefinitionSaveResult.Created, await Store.SaveDefinitionAsync("wf", 1, "h1", "{}", T0, default));
        Assert.Equal(DefinitionSaveResult.Unchanged, await Store.SaveDefinitionAsync("wf", 1, "h1", "{}", T0, default));
        Assert.Equal(DefinitionSaveResult.Conflict, await Store.SaveDefinitionAsync("wf", 1, "h2", "{ }", T0, default));
        Assert.Equal("{}", await Store.GetDefinitionJsonAsync("wf", 1, default));
    }
}
