using System.Collections.Concurrent;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using LoanJourney.Engine.Tests.Support;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>Several nodes on one database, each a store with its own connections, racing on the same rows.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresConcurrencyTests(PostgresServer server) : IAsyncLifetime
{
    private const int Nodes = 6;
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<PostgresWorkflowStore> _nodes = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await server.CreateSchemaAsync();
        for (var i = 0; i < Nodes; i++)
        {
            _nodes.Add(new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System));
        }

        await Task.WhenAll(_nodes.Select(n => n.InitializeAsync(default)));
    }

    public async Task DisposeAsync()
    {
        _nodes.ForEach(n => n.Dispose());
        await server.DropSchemaAsync(_connectionString);
    }

    private static InstanceRecord NewInstance(string id, string? idempotencyKey = null) => new()
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
        ReadyAt = T0,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static JournalRecord Started(string id) => new(0, id, T0, JournalKinds.InstanceStarted, null, null, null);

    [Fact]
    public async Task ConcurrentClaimersOnSeveralConnections_NeverClaimTheSameInstance()
    {
        const int Count = 300;
        // Each node starts its share one instance at a time, as a node's API does under load. (Firing all 300 creates at once put
        // 50 waiters on each node's pool of 20 connections; on a loaded machine the last of them waited past the pool's 5 s
        // timeout: "connection pool exhausted" in a test about claiming, not about pool sizing.)
        await Task.WhenAll(_nodes.Select(async (node, n) =>
        {
            for (var i = n; i < Count; i += Nodes)
            {
                await node.CreateInstanceAsync(NewInstance($"i{i:D3}"), Started($"i{i:D3}"), default);
            }
        }));
        var claims = new ConcurrentBag<(string Node, string Id)>();

        await Task.WhenAll(Enumerable.Range(0, Nodes * 2).Select(async worker =>
        {
            var node = _nodes[worker % Nodes];
            while (true)
            {
                var claimed = await node.ClaimReadyAsync($"node-{worker}", T0, T0.AddMinutes(5), 7, default);
                if (claimed.Count == 0)
                {
                    return;
                }

                foreach (var instance in claimed)
                {
                    claims.Add(($"node-{worker}", instance.Id));
                }
            }
        }));

        Assert.Equal(Count, claims.Count);
        Assert.Equal(Count, claims.Select(c => c.Id).Distinct().Count());
        Assert.True(claims.Select(c => c.Node).Distinct().Count() > 1, "the work should have been spread over several claimers");
    }

    [Fact]
    public async Task AStaleNodesCommit_IsFencedOffAfterLeaseExpiryAndTakeover()
    {
        await _nodes[0].CreateInstanceAsync(NewInstance("i"), Started("i"), default);
        var stale = Assert.Single(await _nodes[0].ClaimReadyAsync("node-a", T0, T0.AddSeconds(30), 1, default));
        Assert.Empty(await _nodes[1].ClaimReadyAsync("node-b", T0.AddSeconds(10), T0.AddSeconds(40), 1, default));

        // Node A stalls past its lease; node B picks the instance up.
        var takeover = Assert.Single(await _nodes[1].ClaimReadyAsync("node-b", T0.AddSeconds(31), T0.AddSeconds(61), 1, default));
        var staleCommit = Step(stale, "node-a", "stale");
        var ex = await Assert.ThrowsAsync<StaleCommitException>(() => _nodes[0].CommitAsync(staleCommit, default));
        Assert.True(ex.LeaseLost);
        Assert.False(await _nodes[0].RenewLeaseAsync("i", new LeaseFence("node-a", stale.LeaseToken), T0.AddMinutes(9), default));

        await _nodes[1].CommitAsync(Step(takeover, "node-b", "takeover"), default);
        var journal = (await _nodes[2].ReadJournalAsync("i", 0, 100, default)).Items;
        Assert.Equal(["takeover"], journal.Where(e => e.Kind == JournalKinds.StepCompleted).Select(e => e.DataJson));
        var row = (await _nodes[2].GetInstanceAsync("i", default))!;
        Assert.Equal(("node-b", stale.LeaseToken + 1), (row.LeaseOwner, row.LeaseToken));

        static InstanceCommit Step(InstanceRecord claimed, string owner, string marker) => new()
        {
            State = claimed,
            ExpectedVersion = claimed.Version,
            Fence = new LeaseFence(owner, claimed.LeaseToken),
            Journal = [new JournalRecord(0, claimed.Id, T0, JournalKinds.StepCompleted, "a", 1, marker)],
            Now = T0,
        };
    }

    [Fact]
    public async Task ConcurrentDuplicateWebhookDeliveriesFromSeveralNodes_InsertAndRouteOnce()
    {
        await WebhookWaits.WaitOnWebhookAsync(_nodes[0], "i", "k1", T0);

        var results = await Task.WhenAll(Enumerable.Range(0, Nodes * 3).Select(n =>
            Task.Run(() => _nodes[n % Nodes].DeliverWebhookAsync("evt-1", "k1", """{"n":1}""", null, T0, default))));

        Assert.Single(results, r => r.Status == WebhookDeliveryStatus.Routed);
        Assert.Equal(Nodes * 3 - 1, results.Count(r => r.Status == WebhookDeliveryStatus.Duplicate));
        var journal = (await _nodes[0].ReadJournalAsync("i", 0, 100, default)).Items;
        Assert.Single(journal, e => e.Kind == JournalKinds.WebhookReceived);
    }

    [Fact]
    public async Task ConcurrentDistinctEventsForOneWait_MoveTheJourneyOnce_TheRestStayBuffered()
    {
        var waiting = await WebhookWaits.WaitOnWebhookAsync(_nodes[0], "i", "k2", T0);

        var results = await Task.WhenAll(Enumerable.Range(0, Nodes * 2).Select(n =>
            Task.Run(() => _nodes[n % Nodes].DeliverWebhookAsync($"evt-{n}", "k2", "{}", null, T0, default))));

        Assert.Single(results, r => r.Status == WebhookDeliveryStatus.Routed);
        Assert.Equal(Nodes * 2 - 1, results.Count(r => r.Status == WebhookDeliveryStatus.Buffered));
        var row = (await _nodes[0].GetInstanceAsync("i", default))!;
        Assert.Equal(waiting.Version + 2, row.Version);
        Assert.Single((await _nodes[0].ReadJournalAsync("i", 0, 100, default)).Items, e => e.Kind == JournalKinds.WebhookReceived);
    }

    [Fact]
    public async Task ADeliveryRacingACommitThatCreatesTheWait_IsNeverLeftBuffered()
    {
        // Each round: a node suspends on a key while another node delivers the event for it. Whatever the order, the
        // event either routes to the new bookmark or is consumed by the commit; it never sits buffered next to a live wait.
        for (var round = 0; round < 40; round++)
        {
            var id = $"r{round}";
            await _nodes[0].CreateInstanceAsync(NewInstance(id), Started(id), default);
            var claimed = (await _nodes[0].TryClaimAsync(id, "n", T0, T0.AddMinutes(1), default))!;
            var commit = _nodes[1].CommitAsync(new InstanceCommit
            {
                State = claimed with { Status = WorkflowStatus.Waiting, ReadyAt = null },
                ExpectedVersion = claimed.Version,
                Fence = new LeaseFence("n", claimed.LeaseToken),
                ReleaseLease = true,
                NewBookmarks = [new BookmarkRecord(Guid.NewGuid().ToString("N"), id, "a", BookmarkKind.Webhook, "hook", "key-" + id, null, false, T0)],
                ConsumeBufferedWebhooks = true,
                Now = T0,
            }, default);
            var delivery = _nodes[2].DeliverWebhookAsync("e-" + id, "key-" + id, "{}", null, T0, default);
            var (committed, delivered) = (await commit, await delivery);

            var row = (await _nodes[3].GetInstanceAsync(id, default))!;
            Assert.Equal(WorkflowStatus.Running, row.Status);
            Assert.Equal("e-" + id, PendingStimulus.FromJson(row.PendingStimulusJson)?.EventId);
            Assert.Empty(await _nodes[3].GetBookmarksAsync(id, default));
            Assert.True(committed.ConsumedWebhook is not null ^ delivered.Status == WebhookDeliveryStatus.Routed);
        }
    }

    [Fact]
    public async Task ConcurrentStartsWithOneIdempotencyKey_CreateOneInstance()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Nodes * 3).Select(n =>
            Task.Run(() => _nodes[n % Nodes].CreateInstanceAsync(NewInstance($"start-{n}", "same-key"), Started($"start-{n}"), default))));

        var created = Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(created.Instance.Id, r.Instance.Id));
        var all = await _nodes[0].QueryInstancesAsync(new InstanceQuery { WorkflowId = "wf", Take = 100 }, default);
        Assert.Equal(1, all.Total);
        Assert.Equal(1, (await _nodes[0].ReadJournalAsync(created.Instance.Id, 0, 10, default)).Total);
    }
}
