using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// A regression guard that is not timed: the operator views' statements on SQLite read indexes in order or the
/// aggregate tables, never scan or sort every instance ever run (their cost would grow with history again).
/// </summary>
public sealed class OperatorViewPlanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lj-views-").FullName;

    public static TheoryData<string> FirstPages => new()
    {
        "default", "workflow", "outcome", "completed", "waiting", "updated", "workflow+completed", "finished statuses",
        "version", "workflow+version", "no open incident", "open incident", "workflow+open incident", "after a cursor",
        "stuck, faulted oldest first",
    };

    private static InstanceQuery Query(string name) => name switch
    {
        "default" => new InstanceQuery(),
        "workflow" => new InstanceQuery { WorkflowId = "finbox-personal-loan" },
        "outcome" => new InstanceQuery { Outcome = "Rejected" },
        "completed" => new InstanceQuery { Status = WorkflowStatus.Completed },
        "waiting" => new InstanceQuery { Statuses = [WorkflowStatus.Waiting] },
        "updated" => new InstanceQuery { Sort = InstanceSortField.UpdatedAt },
        "workflow+completed" => new InstanceQuery { WorkflowId = "finbox-personal-loan", Status = WorkflowStatus.Completed },
        "finished statuses" => new InstanceQuery { Statuses = [WorkflowStatus.Completed, WorkflowStatus.Cancelled] },
        "version" => new InstanceQuery { WorkflowVersion = 2 },
        "workflow+version" => new InstanceQuery { WorkflowId = "finbox-personal-loan", WorkflowVersion = 2 },
        "no open incident" => new InstanceQuery { HasIncident = false },
        "open incident" => new InstanceQuery { HasIncident = true },
        "workflow+open incident" => new InstanceQuery { WorkflowId = "finbox-personal-loan", HasIncident = true },
        "after a cursor" => new InstanceQuery { After = new InstanceCursor(InstanceSortField.CreatedAt, DateTimeOffset.UnixEpoch, "x") },
        // The journeys list of a workflow's faulted journeys, oldest first (the funnel's faulted stuck in session 49; since session 50
        // that is ix_instances_faulted's range in triage order, FaultedRunPages_ReadTheFaultedIndexInTriageOrder).
        "stuck, faulted oldest first" => new InstanceQuery
        {
            WorkflowId = "finbox-personal-loan", Status = WorkflowStatus.Faulted, Sort = InstanceSortField.CreatedAt, Descending = false, Take = 50,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(FirstPages))]
    public async Task FirstPageOfTheList_ReadsAnIndexInOrder_WithoutScanningOrSortingInstances(string name)
    {
        using var connection = await OpenAsync();
        var (sql, parameters) = SqliteWorkflowStore.ListPageSql(Query(name));

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN i", StringComparison.Ordinal) && !p.Contains("USING", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.Contains("INDEX", StringComparison.Ordinal));
    }

    // The stuck list's faulted run (migration 0039, session 50): the first page and a page after a cursor read the workflow's range of
    // ix_instances_faulted in its own order (money questions, then by when each faulted), never sorting the faulted journeys.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FaultedRunPages_ReadTheFaultedIndexInTriageOrder(bool afterACursor)
    {
        using var connection = await OpenAsync();
        var (sql, parameters) = SqliteWorkflowStore.FaultedPageSql("finbox-personal-loan",
            afterACursor ? new FaultedCursor(false, DateTimeOffset.UnixEpoch, "x") : null, 50);

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith("SEARCH i USING INDEX ix_instances_faulted (workflow_id=?", StringComparison.Ordinal)
            && (!afterACursor || p.Contains('>', StringComparison.Ordinal)));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    // The stuck list's long waits (migration 0040, session 51): the first page and a page after a cursor read the workflow's range of
    // ix_instances_waiting_workflow in its own order (longest wait first, ties by id), never sorting the waits nor walking every
    // workflow's; the funnel's count of them reads that range's entries alone.
    [Theory]
    [InlineData("first page")]
    [InlineData("after a cursor")]
    [InlineData("count")]
    public async Task WaitingRunPages_ReadTheWorkflowsWaitingIndexInOrder(string name)
    {
        using var connection = await OpenAsync();
        var before = DateTimeOffset.UnixEpoch.AddDays(1);
        var (sql, parameters) = name == "count"
            ? SqliteWorkflowStore.WaitingCountSql("finbox-personal-loan", before)
            : SqliteWorkflowStore.WaitingPageSql("finbox-personal-loan", before,
                name == "after a cursor" ? new WaitingCursor("1970-01-01T00:00:00+00:00", "x") : null, 50);

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        var text = string.Join(" | ", plan);
        var index = name == "count" ? "SEARCH i USING COVERING INDEX ix_instances_waiting_workflow (workflow_id=?" : "SEARCH i USING INDEX ix_instances_waiting_workflow (workflow_id=?";
        Assert.True(plan.Any(p => p.StartsWith(index, StringComparison.Ordinal) && (name != "after a cursor" || p.Contains('>', StringComparison.Ordinal))), text);
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    // The partner filter (session 44): the team's ?partner= and a partner-scoped principal's own list, in either sort, read
    // the partner's range of its own index in order (0031 by creation, 0033 by update), not every journey's sort index.
    [Theory]
    [InlineData(InstanceSortField.CreatedAt, "ix_instances_partner_created")]
    [InlineData(InstanceSortField.UpdatedAt, "ix_instances_partner_updated")]
    public async Task APartnersFirstPage_SearchesThePartnersIndexInOrder(InstanceSortField sort, string index)
    {
        using var connection = await OpenAsync();
        var (sql, parameters) = SqliteWorkflowStore.ListPageSql(new InstanceQuery { Partner = "acme", Sort = sort });

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith($"SEARCH i USING INDEX {index} (partner=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("updated range, sorted by creation", "ix_instances_updated")]
    [InlineData("created range, sorted by update", "ix_instances_created")]
    public async Task ATimeRange_SearchesItsIndex_InsteadOfWalkingAllHistoryInSortOrder(string name, string index)
    {
        using var connection = await OpenAsync();
        var query = name.StartsWith("updated", StringComparison.Ordinal)
            ? new InstanceQuery { UpdatedFrom = DateTimeOffset.UnixEpoch }
            : new InstanceQuery { CreatedFrom = DateTimeOffset.UnixEpoch, CreatedTo = DateTimeOffset.UnixEpoch.AddDays(1), Sort = InstanceSortField.UpdatedAt };
        var (sql, parameters) = SqliteWorkflowStore.ListPageSql(query);

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith("SEARCH i USING", StringComparison.Ordinal) && p.Contains(index, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AVersionsFirstPage_WalksTheVersionIndex()
    {
        using var connection = await OpenAsync();
        var (sql, parameters) = SqliteWorkflowStore.ListPageSql(new InstanceQuery { WorkflowVersion = 1 });

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith("SEARCH i USING", StringComparison.Ordinal) && p.Contains("ix_instances_version_created", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("count")]
    [InlineData("count of one status")]
    public async Task WaitingLongerThan_IsCountedFromTheWaitingSinceIndexAlone(string name)
    {
        using var connection = await OpenAsync();
        var (sql, parameters) = SqliteWorkflowStore.ListCountSql(name == "count"
            ? new InstanceQuery { WaitingSinceBefore = DateTimeOffset.UnixEpoch }
            : new InstanceQuery { WaitingSinceBefore = DateTimeOffset.UnixEpoch, Status = WorkflowStatus.Waiting });

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        // A range of the partial expression index, answered without reading the rows (their history JSON).
        Assert.Contains(plan, p => p.StartsWith("SEARCH i USING COVERING INDEX ix_instances_waiting_since", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("page")]
    [InlineData("count")]
    public async Task OpenIncidents_AreReadFromTheirPartialIndex_NotFromEveryJourney(string name)
    {
        using var connection = await OpenAsync();
        var query = new InstanceQuery { HasIncident = true };
        var (sql, parameters) = name == "page" ? SqliteWorkflowStore.ListPageSql(query) : SqliteWorkflowStore.ListCountSql(query);

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        // The journeys whose open-incident counter (migration 0020) is positive, in creation order.
        Assert.Contains(plan, p => p.Contains("ix_instances_incident_created", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    // deferredOn (session 48): the journeys waiting out an open breaker are their deferral timers, a range of the bookmarks'
    // (kind, key) index, each read by the instances' key; a page sorts only those (few: the journeys of one outage), never walks history.
    [Theory]
    [InlineData("page", "FinBoxPrism")]
    [InlineData("count", "FinBoxPrism")]
    [InlineData("page", InstanceQuery.AnyDeferral)]
    [InlineData("count", InstanceQuery.AnyDeferral)]
    public async Task DeferredJourneys_AreReadFromTheBookmarksKeyIndex_NotFromEveryJourney(string name, string deferredOn)
    {
        using var connection = await OpenAsync();
        var query = new InstanceQuery { DeferredOn = deferredOn, WorkflowId = "finbox-personal-loan" };
        var (sql, parameters) = name == "page" ? SqliteWorkflowStore.ListPageSql(query) : SqliteWorkflowStore.ListCountSql(query);

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();

        var key = deferredOn == InstanceQuery.AnyDeferral ? "(kind=? AND key>?)" : "(kind=? AND key=?)";
        Assert.True(plan.Any(p => p.StartsWith("SEARCH d USING INDEX ix_bookmarks_key " + key, StringComparison.Ordinal)), string.Join(" | ", plan));
        Assert.True(plan.Any(p => p.StartsWith("SEARCH i USING INDEX sqlite_autoindex_instances_1 (id=?)", StringComparison.Ordinal)), string.Join(" | ", plan));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN i", StringComparison.Ordinal));
    }

    // The deferredOn filter's known APIs (session 49): one seek of the bookmarks' (kind, key) index per API, never a scan of
    // the bookmarks (every waiting journey has some) or of the deferral timers one by one.
    [Fact]
    public async Task DeferralApis_SeekTheBookmarksKeyIndexOncePerApi()
    {
        using var connection = await OpenAsync();

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + OperatorViewAggregates.DeferralApisSql))
            .Select(p => p.Detail).ToList();

        Assert.True(plan.Count(p => p.StartsWith("SEARCH d USING COVERING INDEX ix_bookmarks_key (kind=? AND key>?)", StringComparison.Ordinal)) == 2, string.Join(" | ", plan));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN d", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUpdatedRange_IsCountedByStatusFromTheUpdatedIndexAlone()
    {
        using var connection = await OpenAsync();

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN SELECT i.status, COUNT(*) FROM instances i WHERE 1 = 1 AND i.updated_at >= 0 GROUP BY +i.status")).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith("SEARCH i USING COVERING INDEX ix_instances_updated", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("funnel_durations")]
    [InlineData("current_step_counts")]
    public async Task FunnelMediansAndCurrentSteps_SearchTheirAggregateByWorkflow(string table)
    {
        using var connection = await OpenAsync();
        var sql = table == "funnel_durations" ? OperatorViewAggregates.MediansSql : OperatorViewAggregates.CurrentStepsSql;

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, new { workflowId = "w" })).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith("SEARCH " + table, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN " + table, StringComparison.Ordinal) || p.Contains("instances", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SELECT status, outcome, SUM(count) FROM instance_counts WHERE workflow_id = 'w' GROUP BY status, outcome")]
    [InlineData("SELECT step_id, SUM(reached), SUM(completed), SUM(rejected) FROM funnel_steps WHERE workflow_id = 'w' GROUP BY step_id")]
    public async Task FunnelStatements_SearchByWorkflow(string sql)
    {
        using var connection = await OpenAsync();

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql)).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith("SEARCH", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal));
    }

    // Round 12: retention's index holds finished journeys only (a running journey's step commits no longer move an entry
    // in it); retention's select still searches it in order, for each finished status.
    [Theory]
    [InlineData("Completed")]
    [InlineData("Cancelled")]
    [InlineData("Faulted")]
    public async Task RetentionsSelect_SearchesThePartialIndexOfFinishedJourneys(string status)
    {
        using var connection = await OpenAsync();

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + SqliteWorkflowStore.RetentionSelectSql,
            new { status, before = 1L, limit = 100 })).Select(p => p.Detail).ToList();

        Assert.Contains(plan, p => p.StartsWith("SEARCH instances USING INDEX ix_instances_retention (status=? AND updated_at<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        var indexes = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'instances'")).ToList();
        Assert.DoesNotContain("ix_instances_unredacted", indexes);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var path = Path.Combine(_root, "plan.db");
        using (var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
