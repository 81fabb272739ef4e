using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

// Migration 0020's counters: the journeys waiting or faulted at each step now (the funnel), the open incidents of each
// journey and the journeys with one by workflow, version, status and outcome (hasIncident), and on PostgreSQL the stored
// waiting-since column. Every way an incident or an instance row changes must leave them equal to the answer counted
// from the incidents and the rows themselves (AssertAggregatesMatchHistoryAsync compares both for every counted query).
public abstract partial class WorkflowStoreContractTests
{
    private static readonly InstanceQuery[] IncidentQueries =
    [
        new() { HasIncident = true },
        new() { HasIncident = true, WorkflowId = "wf" },
        new() { HasIncident = true, WorkflowVersion = 2 },
        new() { HasIncident = true, Status = WorkflowStatus.Faulted },
        new() { HasIncident = true, WorkflowId = "wf", Outcome = "Rejected" },
        new() { HasIncident = false, WorkflowVersion = 2 },
        new() { HasIncident = true, CreatedFrom = T0 },
        new() { HasIncident = true, Take = 1 },
        new() { HasIncident = true, Sort = InstanceSortField.UpdatedAt, Descending = false },
    ];

    private async Task AssertCountersMatchRowsAsync()
    {
        await AssertAggregatesMatchHistoryAsync();
        foreach (var query in IncidentQueries)
        {
            await AssertListMatchesCountedAsync(query);
        }
    }

    private async Task CommitIncidentAsync(string id, WorkflowStatus status, IncidentRecord? open = null, string? resolve = null)
    {
        var current = await Store.GetInstanceAsync(id, default) ?? throw new InvalidOperationException(id);
        await Store.CommitAsync(new InstanceCommit
        {
            State = current with { Status = status, ReadyAt = status == WorkflowStatus.Running ? T0 : null },
            ExpectedVersion = current.Version,
            ReleaseLease = true,
            NewIncident = open,
            ResolveIncidents = resolve,
            Now = T0.AddMinutes(1),
        }, default);
    }

    private static IncidentRecord Incident(string id, string instanceId, string step = "b") => new(id, instanceId, step, "Retryable", "boom", 3, null, T0, null, null);

    // Round 12: the waiting-journeys gauge reads migration 0020's counters (0026 dropped the index its query of the rows
    // used): journeys waiting at each step of each workflow, none for running or finished ones (faulted ones under their own
    // status, below), and a step left empty by a resume is not answered as zero.
    [Fact]
    public async Task CountWaitingAndFaulted_AnswersTheJourneysWaitingOrFaultedAtEachStep_FromTheCounters()
    {
        await SeedAsync("w1", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Waiting", startSecond: 1)]);
        await SeedAsync("w2", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Waiting", startSecond: 2)]);
        await SeedAsync("w3", WorkflowStatus.Waiting, currentStep: "x", workflowId: "other", history: [Executed("x", "Waiting")]);
        await SeedAsync("w4", WorkflowStatus.Waiting, currentStep: "c", history: [Executed("c", "Waiting")]);
        await SeedAsync("r1", WorkflowStatus.Running, currentStep: "b", history: [Executed("b", "Running")]);
        await SeedAsync("f1", WorkflowStatus.Faulted, currentStep: "b", history: [Executed("b", "Failed")]);
        await SeedAsync("c1", WorkflowStatus.Completed, "Done", history: [Executed("a", "Completed", "Done", 0, 5)]);
        await CommitIncidentAsync("w4", WorkflowStatus.Running); // resumed: step c has no one waiting any more

        var all = await Store.CountWaitingAndFaultedAsync(default);
        var counts = all.Where(c => c.Status == "Waiting").OrderBy(c => c.WorkflowId, StringComparer.Ordinal).ThenBy(c => c.StepId, StringComparer.Ordinal)
            .Select(c => (c.WorkflowId, c.StepId, c.Count)).ToList();

        Assert.Equal([("other", "x", 1L), ("wf", "b", 2L)], counts);

        // Walk 46: the same read answers the journeys faulted at each step (the open-incidents gauge), and nothing else.
        Assert.Equal([("wf", "b", 1L, "Faulted")], all.Where(c => c.Status != "Waiting").Select(c => (c.WorkflowId, c.StepId, c.Count, c.Status)).ToList());
    }

    [Fact]
    public async Task OperatorViewCounters_FollowIncidentsOpenedResolvedRetriedCancelledMigratedErasedAndDeleted()
    {
        await SeedAsync("k1", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Waiting", startSecond: 1)]);
        await SeedAsync("k2", WorkflowStatus.Running, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Running", startSecond: 2)]);
        await SeedAsync("k3", WorkflowStatus.Running, currentStep: "x", workflowId: "other", history: [Executed("x", "Running")]);
        await SeedAsync("k4", WorkflowStatus.Completed, "Rejected", history: [Executed("a", "Completed", "Rejected", 0, 5)]);
        await AssertCountersMatchRowsAsync();

        // A step exhausts its retries: faulted with an incident, in the step's own commit.
        await CommitIncidentAsync("k2", WorkflowStatus.Faulted, open: Incident("i2", "k2"));
        await CommitIncidentAsync("k3", WorkflowStatus.Faulted, open: Incident("i3", "k3", "x"));
        await AssertCountersMatchRowsAsync();
        Assert.Equal(2, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default)).Total);
        Assert.Equal(1, Assert.Single((await Store.GetFunnelAsync("wf", "Rejected", default)).Steps, s => s.StepId == "b").Faulted);

        // Retry: the incident is resolved and the step runs again; it fails again and opens a second incident.
        await CommitIncidentAsync("k2", WorkflowStatus.Running, resolve: "retried by ana");
        await AssertCountersMatchRowsAsync();
        await CommitIncidentAsync("k2", WorkflowStatus.Faulted, open: Incident("i2b", "k2"));
        await AssertCountersMatchRowsAsync();

        // Migration to another version (issue 14's operator commit) keeps the incident, moves the journey's counts.
        var k2 = (await Store.GetInstanceAsync("k2", default))!;
        await Store.CommitAsync(new InstanceCommit
        {
            State = k2 with { WorkflowVersion = 2, CurrentStepId = "b2" },
            ExpectedVersion = k2.Version,
            RequireNoLease = true,
            MoveStep = ("b", "b2"),
            Now = T0.AddMinutes(2),
        }, default);
        await AssertCountersMatchRowsAsync();
        Assert.Equal(1, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true, WorkflowVersion = 2 }, default)).Total);

        // An incident on a finished journey, and one written outside the engine, resolved by hand.
        await ExecuteRawAsync("INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at) VALUES ('i4', 'k4', 'a', 'Retryable', 'late', 1, 0)");
        await ExecuteRawAsync("INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at) VALUES ('i4b', 'k4', 'a', 'Retryable', 'again', 1, 0)");
        await AssertCountersMatchRowsAsync();
        await ExecuteRawAsync("UPDATE incidents SET resolved_at = 5 WHERE id = 'i4'");
        await AssertCountersMatchRowsAsync();
        Assert.Equal(3, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default)).Total);

        // Cancel: requested, then the runner ends the journey and resolves its incident.
        Assert.Equal(CancelRequestStatus.Requested, (await Store.RequestCancelAsync("k3", "test", "ana", T0.AddMinutes(3), null, default)).Status);
        await AssertCountersMatchRowsAsync();
        await CommitIncidentAsync("k3", WorkflowStatus.Cancelled, resolve: "cancelled");
        await AssertCountersMatchRowsAsync();

        // A waiting journey moves on to its next wait, then completes.
        await ChangeAsync("k1", WorkflowStatus.Waiting, null, "c", Executed("a", "Completed", "Done", 0, 10), Executed("b", "Completed", "Done", 1, 20), Executed("c", "Waiting", startSecond: 3));
        await AssertCountersMatchRowsAsync();
        Assert.Equal(1, Assert.Single((await Store.GetFunnelAsync("wf", "Rejected", default)).Steps, s => s.StepId == "c").Waiting);
        await ChangeAsync("k1", WorkflowStatus.Completed, "Disbursed", null, Executed("a", "Completed", "Done", 0, 10), Executed("b", "Completed", "Done", 1, 20), Executed("c", "Completed", "Done", 3, 30));
        await AssertCountersMatchRowsAsync();

        // Erasure rewrites a finished journey; deletes outside the engine (an incident, then whole journeys) take their
        // contributions with them, whichever goes first.
        Assert.Single(await Store.RedactInstancesAsync(["k4"], T0.AddDays(1), default));
        await AssertCountersMatchRowsAsync();
        await ExecuteRawAsync("DELETE FROM incidents WHERE id = 'i4b'");
        await AssertCountersMatchRowsAsync();
        await ExecuteRawAsync("DELETE FROM instances WHERE id = 'k2'");
        await ExecuteRawAsync("DELETE FROM incidents WHERE instance_id = 'k2'");
        await AssertCountersMatchRowsAsync();
        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default)).Total);
        Assert.All((await Store.GetFunnelAsync("wf", "Rejected", default)).Steps, s => Assert.Equal((0L, 0L), (s.Waiting, s.Faulted)));
    }

    [Theory]
    [InlineData(InstanceSortField.CreatedAt, true)]
    [InlineData(InstanceSortField.CreatedAt, false)]
    [InlineData(InstanceSortField.UpdatedAt, true)]
    public async Task KeysetPages_ListEveryJourneyOnce_InTheOrderOfTheOffsetPages(InstanceSortField sort, bool descending)
    {
        // Ties of the sort value (several journeys created in the same millisecond) are ordered by id.
        for (var n = 0; n < 11; n++)
        {
            await SeedAsync($"p{n:D2}", n % 3 == 0 ? WorkflowStatus.Waiting : WorkflowStatus.Completed, n % 3 == 0 ? null : "Disbursed",
                createdAt: T0.AddSeconds(n / 2), updatedAt: T0.AddMinutes(10 - (n / 3)));
        }

        var byOffset = (await Store.ListInstancesAsync(new InstanceQuery { Sort = sort, Descending = descending, Take = 100 }, default)).Items.Select(i => i.Id).ToList();
        var byCursor = new List<string>();
        var query = new InstanceQuery { Sort = sort, Descending = descending, Take = 4 };
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await Store.ListInstancesAsync(query, default);
            Assert.Equal(11, page.Total);
            byCursor.AddRange(page.Items.Select(i => i.Id));
            if (page.Next(query) is not { } next)
            {
                break;
            }

            var token = next.Encode();
            Assert.True(InstanceCursor.TryDecode(token, out var decoded));
            query = query with { After = decoded };
        }

        Assert.Equal(byOffset, byCursor);
        Assert.Equal(11, byCursor.Distinct().Count());
        var filtered = await Store.ListInstancesAsync(new InstanceQuery { Status = WorkflowStatus.Waiting, Sort = sort, Descending = descending, Take = 2 }, default);
        var rest = await Store.ListInstancesAsync(new InstanceQuery { Status = WorkflowStatus.Waiting, Sort = sort, Descending = descending, Take = 2, After = filtered.Next(new InstanceQuery { Take = 2, Sort = sort }) }, default);
        Assert.Equal(byOffset.Where(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0), filtered.Items.Concat(rest.Items).Select(i => i.Id));
        Assert.Equal(4, rest.Total);

        // A cursor narrows the page, never the total and counts (here counted over the rows, not the aggregates).
        var ranged = new InstanceQuery { CreatedFrom = T0, Sort = sort, Descending = descending, Take = 4 };
        var second = await Store.ListInstancesAsync(ranged with { After = (await Store.ListInstancesAsync(ranged, default)).Next(ranged) }, default);
        Assert.Equal(11, second.Total);
        Assert.Equal(byOffset.Skip(4).Take(4), second.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task HasIncident_ReadsTheJourneysCounter_UnderEveryFilter()
    {
        await SeedAsync("c1", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("b", "Waiting")]);
        await SeedAsync("c2", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("b", "Waiting")]);

        // A counter set by hand (no incident row) shows the store reads the counter, and the raw answer the incidents.
        await ExecuteRawAsync("UPDATE instances SET open_incidents = 1 WHERE id = 'c2'");

        foreach (var query in new InstanceQuery[] { new() { HasIncident = true }, new() { HasIncident = true, CreatedFrom = T0 }, new() { HasIncident = true, WaitingSinceBefore = T0.AddDays(1) } })
        {
            Assert.Equal(["c2"], (await Store.ListInstancesAsync(query, default)).Items.Select(i => i.Id));
            Assert.Empty((await ListCountedAsync(query)).Items);
        }
    }

    /// <summary>
    /// Rows written before migration 0020 (a store upgraded with history): two waiting at one step, one faulted with an
    /// open incident and a resolved one, one faulted whose incident was resolved, one completed with two open incidents.
    /// </summary>
    protected const string RowsBeforeCounters =
        "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, input_json, variables_json, outputs_json, history_json, current_step, attempt, version, created_at, updated_at) VALUES " +
        "('u1', 'wf', 1, 'Waiting', NULL, NULL, '{}', '{}', '{}', '[{\"stepId\":\"a\",\"status\":\"Completed\",\"outcome\":\"Done\",\"startedAt\":\"2026-01-01T00:00:00.0000000+00:00\",\"finishedAt\":\"2026-01-01T00:00:00.0120000+00:00\"},{\"stepId\":\"b\",\"status\":\"Waiting\",\"startedAt\":\"2026-01-01T00:00:01.0000000+00:00\"}]', 'b', 1, 1, 1, 1), " +
        "('u2', 'wf', 1, 'Waiting', NULL, NULL, '{}', '{}', '{}', '[{\"stepId\":\"b\",\"status\":\"Waiting\",\"startedAt\":\"2026-01-02T00:00:00.0000000+00:00\"}]', 'b', 1, 1, 2, 2), " +
        "('u3', 'wf', 2, 'Faulted', NULL, NULL, '{}', '{}', '{}', '[{\"stepId\":\"c\",\"status\":\"Faulted\",\"startedAt\":\"2026-01-01T00:00:00.0000000+00:00\"}]', 'c', 1, 1, 3, 3), " +
        "('u4', 'wf', 2, 'Faulted', NULL, NULL, '{}', '{}', '{}', '[]', 'c', 1, 1, 4, 4), " +
        "('u5', 'other', 1, 'Completed', 'Rejected', NULL, '{}', '{}', '{}', '[]', NULL, 1, 1, 5, 5); " +
        "INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at, resolved_at) VALUES " +
        "('x1', 'u3', 'c', 'Retryable', 'open', 3, 3, NULL), ('x2', 'u3', 'c', 'Retryable', 'resolved', 3, 2, 3), " +
        "('x3', 'u4', 'c', 'Retryable', 'resolved', 3, 4, 5), ('x4', 'u5', 'a', 'Retryable', 'open', 1, 5, NULL), ('x5', 'u5', 'a', 'Retryable', 'open', 1, 5, NULL)";

    // Migration 0034: the keys stored before it (as sent) are hashed in place (PostgreSQL by its sha256) to the value the store
    // hashes a key with (IdempotencyKeys.Hash), so their journeys are found by them still.
    [Fact]
    public Task Migration0034_HashesTheIdempotencyKeysAlreadyStored() =>
        UpgradedAsync(33, RowsWithKeysAsSent, (upgraded, raw) => AssertKeysHashedAsync(upgraded, () => raw("SELECT idempotency_key FROM instances ORDER BY id")));

    // Migration 0035: an entry recorded before it keeps its columns and says nothing about from where.
    [Fact]
    public Task Migration0035_LeavesOlderAuditEntriesWithoutFromWhere() =>
        UpgradedAsync(34, OldAuditEntry, async (upgraded, _) => AssertOldAuditEntry(Assert.Single((await upgraded.QueryAuditAsync(new AuditQuery(), default)).Items)));

    /// <summary>Journeys stored before migration 0034, their keys as sent: the team's, a partner's (namespaced), a child's, none.</summary>
    protected const string RowsWithKeysAsSent =
        "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, idempotency_key, partner, input_json, variables_json, outputs_json, history_json, current_step, attempt, version, created_at, updated_at) VALUES " +
        "('k1', 'wf', 1, 'Completed', 'Done', NULL, 'priya.sharma@example.in', NULL, '{}', '{}', '{}', '[]', NULL, 1, 1, 1, 1), " +
        "('k2', 'wf', 1, 'Completed', 'Done', NULL, 'partner:acme\u001f9876543210', 'acme', '{}', '{}', '{}', '[]', NULL, 1, 1, 2, 2), " +
        "('k3', 'wf', 1, 'Completed', 'Done', NULL, 'child:k1:approve', NULL, '{}', '{}', '{}', '[]', NULL, 1, 1, 3, 3), " +
        "('k4', 'wf', 1, 'Completed', 'Done', NULL, NULL, NULL, '{}', '{}', '{}', '[]', NULL, 1, 1, 4, 4)";

    /// <summary>An audit entry recorded before migration 0035 (no client address, sign-in or user agent).</summary>
    protected const string OldAuditEntry =
        "INSERT INTO audit_log (at, principal, action, workflow_id, instance_id, reason, data_json) VALUES " +
        "(1767225600000, 'oscar', 'cancel', 'wf', 'a1', 'borrower withdrew', NULL)";

    /// <summary>After migration 0035: the older entry reads as it was, and says nothing about from where.</summary>
    protected static void AssertOldAuditEntry(AuditEntry entry)
    {
        Assert.Equal(("oscar", "cancel", "a1", "borrower withdrew"), (entry.Principal, entry.Action, entry.InstanceId, entry.Reason));
        Assert.Equal((null, null, null, null), (entry.ClientAddress, entry.AuthMethod, entry.AuthId, entry.UserAgent));
    }

    /// <summary>After migration 0034: each key is its hash in the table, and each journey is found by its key as sent.</summary>
    protected static async Task AssertKeysHashedAsync(IWorkflowStore store, Func<Task<List<string?>>> storedKeys)
    {
        string[] sent = ["priya.sharma@example.in", IdempotencyKeys.Stored("acme", "9876543210"), "child:k1:approve"];
        Assert.Equal([.. sent.Select(IdempotencyKeys.Hash), "(none)"], (await storedKeys()).Select(k => k ?? "(none)"));
        Assert.Equal(["k1", "k2", "k3"], await Task.WhenAll(sent.Select(async k => (await store.FindByIdempotencyKeyAsync(k, default))?.Id ?? "(none)")));
        await store.RedactInstancesAsync(["k1"], DateTimeOffset.UnixEpoch.AddDays(90), default);
        Assert.Equal("k1", (await store.FindIdempotencyTombstoneAsync(IdempotencyKeys.Hash(sent[0]), default))?.InstanceId);
    }

    /// <summary>After the upgrade: the counters back-filled from those rows equal the answers counted from them.</summary>
    protected static async Task AssertCountersBackfilledAsync(
        IWorkflowStore upgraded, Func<InstanceQuery, Task<InstanceList>> counted,
        Func<string, Task<FunnelCounts>> fromHistory)
    {
        foreach (var query in IncidentQueries.Concat([new InstanceQuery(), new() { HasIncident = false }, new() { WaitingSinceBefore = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero) }]))
        {
            var expected = await counted(query);
            var actual = await upgraded.ListInstancesAsync(query, default);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.CountsByStatus.OrderBy(c => c.Key), actual.CountsByStatus.OrderBy(c => c.Key));
            Assert.Equal(expected.Items.Select(i => i.Id), actual.Items.Select(i => i.Id));
        }

        var withIncident = await upgraded.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default);
        Assert.Equal(["u5", "u3"], withIncident.Items.Select(i => i.Id));
        Assert.All(withIncident.Items, i => Assert.True(i.HasIncident));
        Assert.Equal(1, (await upgraded.ListInstancesAsync(new InstanceQuery { WaitingSinceBefore = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero) }, default)).Total);
        var funnel = await upgraded.GetFunnelAsync("wf", "Rejected", default);
        Assert.Equal((2L, 0L), (Assert.Single(funnel.Steps, s => s.StepId == "b").Waiting, Assert.Single(funnel.Steps, s => s.StepId == "b").Faulted));
        Assert.Equal(2L, Assert.Single(funnel.Steps, s => s.StepId == "c").Faulted);
        var expectedFunnel = await fromHistory("wf");
        Assert.Equal(expectedFunnel.Steps.OrderBy(s => s.StepId, StringComparer.Ordinal), funnel.Steps.OrderBy(s => s.StepId, StringComparer.Ordinal));
    }
}
