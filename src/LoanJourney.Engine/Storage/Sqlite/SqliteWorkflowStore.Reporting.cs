using System.Globalization;
using System.Text;
using Dapper;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // The current step's start time of a waiting instance: the last history entry (history times are ISO-8601 text).
    private const string WaitingSinceSql = "CASE WHEN i.status = 'Waiting' THEN json_extract(i.history_json, '$[#-1].startedAt') END";

    private const string WaitingSinceIndexed = "json_extract(i.history_json, '$[#-1].startedAt')";

    // The counter kept by the incidents' triggers (migration 0020).
    private const string OpenIncidentSql = "i.open_incidents > 0";

    // The open incident's kind (session 47: the list showed "incident" without it), read only for a journey whose counter
    // says it has one, by the open incidents' partial index ix_incidents_open (migration 0017). A journey has at most one open incident.
    private const string OpenIncidentKindSql =
        "CASE WHEN " + OpenIncidentSql + " THEN (SELECT x.error_kind FROM incidents x WHERE x.instance_id = i.id AND x.resolved_at IS NULL LIMIT 1) END";

    // What a waiting journey's deferred step waits out: its deferral timer's key (docs/engine.md, "Deferral"), by the bookmarks'
    // instance index; no other timer has a key.
    private const string DeferredOnSql =
        "CASE WHEN i.status = 'Waiting' THEN (SELECT d.key FROM bookmarks d WHERE d.instance_id = i.id AND d.kind = 'Timer' AND d.key IS NOT NULL LIMIT 1) END";

    private static readonly InstanceFilterDialect Dialect = new(
        "i.status IN @Statuses",
        // The same expression as the partial index ix_instances_waiting_since (migration 0018), compared as text.
        WaitingSinceIndexed + " <= @WaitingSinceBefore",
        OperatorViewAggregates.WaitingSinceText,
        // Without statistics SQLite prefers the covering (instance_id, resolved_at) index, i.e. every incident ever
        // resolved; the open ones are few and live.
        "(SELECT x.instance_id FROM incidents x INDEXED BY ix_incidents_open WHERE x.resolved_at IS NULL)");

    // deferredOn: the deferred journeys are read by the instances' key from their deferral timers (ix_bookmarks_key), and only
    // those are sorted; without statistics SQLite would walk a workflow's or the list's sort index over all history and test
    // each journey against them (OperatorViewPlanTests).
    private const string ByKey = "instances i INDEXED BY sqlite_autoindex_instances_1";

    private static readonly InstanceFilterDialect UnindexedStatusDialect = Dialect with { StatusIn = "+i.status IN @Statuses" };

    // The raw answer counts the open incidents themselves, not the counter (the benchmark and the tests compare the two).
    private static readonly InstanceFilterDialect RawDialect = Dialect with { IncidentCounter = false };

    private const string SummaryColumns =
        "i.id AS Id, i.workflow_id AS WorkflowId, i.workflow_version AS WorkflowVersion, i.status AS Status, i.outcome AS Outcome, " +
        "i.correlation_id AS CorrelationId, i.current_step AS CurrentStepId, i.created_at AS CreatedAt, i.updated_at AS UpdatedAt, " +
        "i.version AS Version, " + WaitingSinceSql + " AS WaitingSince, " + OpenIncidentSql + " AS HasIncident, i.partner AS Partner, " + OpenIncidentKindSql + " AS IncidentKind, " +
        DeferredOnSql + " AS DeferredOn, " + FaultedAtSql + " AS FaultedAt";

    // When a faulted journey faulted (migration 0039: its open incident's time, stamped by the incident's insert).
    private const string FaultedAtSql = "CASE WHEN i.status = 'Faulted' THEN i.faulted_at END";

    // Reads by the (updated_at, id) index (migration 0002); a test checks the plan is a SEARCH, never a table SCAN.
    internal static readonly SqlStatement SelectChangedInstances = new(
        $"SELECT {SummaryColumns} FROM instances i WHERE i.updated_at > @At OR (i.updated_at = @At AND i.id > @Id) ORDER BY i.updated_at, i.id LIMIT @Max",
        "@At", "@Id", "@Max");

    // Index only (migration 0002 indexes updated_at, id, version).
    internal static readonly SqlStatement SelectChangeMarks = new(
        "SELECT id, version, updated_at FROM instances WHERE updated_at > @At OR (updated_at = @At AND id > @Id) ORDER BY updated_at, id LIMIT @Max",
        "@At", "@Id", "@Max");

    private static readonly SqlStatement SelectSummariesByIds = new(
        $"SELECT {SummaryColumns} FROM instances i WHERE i.id IN (SELECT value FROM json_each(@Ids))", "@Ids");

    private static readonly SqlStatement SelectSummaryByIdempotencyKey = new(
        $"SELECT {SummaryColumns} FROM instances i WHERE i.idempotency_key = @idempotencyKey", "@idempotencyKey");

    /// <inheritdoc />
    public async Task<InstanceList> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await ListAsync(query, OperatorViewAggregates.CountsFromAggregates(query), counters: true);
    }

    /// <summary>
    /// The list with its total and counts by status read from the aggregates (<paramref name="fromAggregates"/>)
    /// or counted over the matching rows, open incidents from the incidents table (any filter; the benchmark's raw answer).
    /// </summary>
    internal Task<InstanceList> ListInstancesAsync(InstanceQuery query, bool fromAggregates) => ListAsync(query, fromAggregates, counters: fromAggregates);

    // counters: hasIncident reads the journeys' open-incident counters (0020), else the incidents table (the raw answer).
    private Task<InstanceList> ListAsync(InstanceQuery query, bool fromAggregates, bool counters)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dialect = counters ? Dialect : RawDialect;
        var (page, parameters) = ListPageSql(query, counters);
        var (countsWhere, _) = InstanceFilterSql.Build(query, includeStatus: false, dialect);
        return ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<SummaryRow>(page, parameters);
            var items = rows.Select(r => r.ToSummary()).ToList();
            if (fromAggregates)
            {
                var statuses = OperatorViewAggregates.Statuses(query);
                var (aggregateTotal, aggregateCounts) = OperatorViewAggregates.Counts(await c.QueryAsync<(string Status, long Count)>(
                    OperatorViewAggregates.CountsSql(query, "", ""),
                    new { AggregateWorkflowId = query.WorkflowId, AggregateOutcome = query.Outcome, AggregateVersion = (long?)query.WorkflowVersion }), statuses);
                return new InstanceList(items, aggregateTotal, aggregateCounts);
            }

            var total = await c.ExecuteScalarAsync<long>(ListCountSql(query, dialect).Sql, parameters);
            var counts = Enum.GetValues<WorkflowStatus>().ToDictionary(s => s, _ => 0L);
            if (query.WaitingSinceBefore is not null)
            {
                // Only waiting journeys match, whatever the status filter: the counts by status are the Waiting count,
                // counted from the waiting-since index alone (no row read).
                counts[WorkflowStatus.Waiting] = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {CountedRows(query)} {countsWhere}", parameters);
                return new InstanceList(items, total, counts);
            }

            foreach (var (status, count) in await c.QueryAsync<(string Status, long Count)>(
                // "+": group by sorting the filtered rows, not by walking the status index over all history.
                $"SELECT i.status, COUNT(*) FROM {(query.DeferredOn is null ? "instances i" : ByKey)} {countsWhere} GROUP BY +i.status", parameters))
            {
                counts[Enum.Parse<WorkflowStatus>(status)] = count;
            }

            return new InstanceList(items, total, counts);
        });
    }

    /// <inheritdoc />
    public Task<FaultedPage> ListFaultedAsync(string workflowId, FaultedCursor? after, int take, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        var (sql, parameters) = FaultedPageSql(workflowId, after, take);
        return ReadAsync(async c => FaultedRunSql.Read(await c.QueryAsync<SummaryRow>(sql, parameters), take));
    }

    /// <summary>The statement of a page of the faulted run (a test reads its query plan).</summary>
    // Told which index to walk: without statistics SQLite would take ix_instances_workflow's faulted range and sort it.
    internal static (string Sql, DynamicParameters Parameters) FaultedPageSql(string workflowId, FaultedCursor? after, int take) =>
        FaultedRunSql.Page(SummaryColumns, "instances i INDEXED BY ix_instances_faulted", workflowId, after, take);

    /// <inheritdoc />
    public Task<WaitingPage> ListWaitingAsync(
        string workflowId, DateTimeOffset waitingSinceBefore, WaitingCursor? after, int take, bool withTotal, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        var (sql, parameters) = WaitingPageSql(workflowId, waitingSinceBefore, after, take);
        return ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<SummaryRow>(sql, parameters);
            long? total = null;
            if (withTotal)
            {
                var (count, countParameters) = WaitingCountSql(workflowId, waitingSinceBefore);
                total = await c.ExecuteScalarAsync<long>(count, countParameters);
            }

            return WaitingRunSql.Read(rows, take, total);
        });
    }

    // Told which index to walk, as the faulted run is: without statistics SQLite may take another index's range and sort it.
    private const string WaitingRun = "instances i INDEXED BY ix_instances_waiting_workflow";

    /// <summary>The statement of a page of the long waits (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) WaitingPageSql(string workflowId, DateTimeOffset waitingSinceBefore, WaitingCursor? after, int take) =>
        WaitingRunSql.Page(SummaryColumns, WaitingRun, WaitingSinceIndexed, workflowId, waitingSinceBefore, after, take);

    /// <summary>The statement counting the long waits (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) WaitingCountSql(string workflowId, DateTimeOffset waitingSinceBefore) =>
        WaitingRunSql.Count(WaitingRun, WaitingSinceIndexed, workflowId, waitingSinceBefore);

    /// <summary>The statement counting the rows a list query matches, with its parameters (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) ListCountSql(InstanceQuery query) => ListCountSql(query, Dialect);

    private static (string Sql, DynamicParameters Parameters) ListCountSql(InstanceQuery query, InstanceFilterDialect dialect)
    {
        var (where, parameters) = InstanceFilterSql.Build(query, includeStatus: true, dialect);
        return ($"SELECT COUNT(*) FROM {CountedRows(query)} {where}", parameters);
    }

    // With waitingLongerThan the rows are counted from the waiting-since index alone (without statistics SQLite would
    // walk the status index and read every waiting row's history); its WHERE always holds status = 'Waiting'.
    private static string CountedRows(InstanceQuery query) =>
        query.DeferredOn is not null ? ByKey
        : query.WaitingSinceBefore is null ? "instances i" : "instances i INDEXED BY ix_instances_waiting_since";

    /// <summary>The statement of one page of the list, with its parameters (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) ListPageSql(InstanceQuery query) => ListPageSql(query, counters: true);

    private static (string Sql, DynamicParameters Parameters) ListPageSql(InstanceQuery query, bool counters)
    {
        // SQLite has no statistics here, so it is told which index to walk (a unary + takes a term off the indexes):
        // for several statuses walk the time index in order and filter (a page needs page ÷ share rows) rather than
        // sort every row of those statuses; a range of the other time column is what is asked, so search that range and sort it
        // rather than walk all of history in sort order.
        var statuses = OperatorViewAggregates.Statuses(query);
        var dialect = (statuses.Length > 1 ? UnindexedStatusDialect : Dialect) with { IncidentCounter = counters };
        var (where, parameters) = InstanceFilterSql.Build(query, includeStatus: true, dialect, page: true);
        var byUpdated = query.Sort == InstanceSortField.UpdatedAt;
        var otherRange = byUpdated ? query.CreatedFrom is not null || query.CreatedTo is not null : query.UpdatedFrom is not null || query.UpdatedTo is not null;
        var sortColumn = (otherRange ? "+" : "") + (byUpdated ? "i.updated_at" : "i.created_at");
        var direction = query.Descending ? "DESC" : "ASC";
        parameters.Add("Skip", Math.Max(0, query.Skip));
        parameters.Add("Take", Math.Clamp(query.Take, 1, 500));
        // The journeys with an open incident, newest first: their own partial index (0020), not all history filtered.
        var from = query.DeferredOn is not null ? ByKey
            : counters && query.HasIncident == true && query.Sort == InstanceSortField.CreatedAt && !otherRange && query.CorrelationId is null
                ? "instances i INDEXED BY ix_instances_incident_created" : "instances i";
        return ($"SELECT {SummaryColumns} FROM {from} {where} ORDER BY {sortColumn} {direction}, i.id {direction} LIMIT @Take OFFSET @Skip", parameters);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstanceSummary>> GetChangedInstancesAsync(ChangeCursor after, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return ReadAsync(c => Task.FromResult<IReadOnlyList<WorkflowInstanceSummary>>(ReadSummaries(Bind(c, null, SelectChangedInstances, UnixMs.To(after.UpdatedAt), after.Id ?? "", Math.Clamp(max, 1, 5000)))));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChangeMark>> GetChangeMarksAsync(ChangeCursor after, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return ReadAsync<IReadOnlyList<ChangeMark>>(c =>
        {
            var marks = new List<ChangeMark>();
            using var reader = Bind(c, null, SelectChangeMarks, UnixMs.To(after.UpdatedAt), after.Id ?? "", Math.Clamp(max, 1, 5000)).ExecuteReader();
            while (reader.Read())
            {
                marks.Add(new ChangeMark(reader.GetString(0), reader.GetInt64(1), UnixMs.From(reader.GetInt64(2))));
            }

            return Task.FromResult<IReadOnlyList<ChangeMark>>(marks);
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstanceSummary>> GetSummariesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ReadAsync(c => Task.FromResult<IReadOnlyList<WorkflowInstanceSummary>>(ReadSummaries(Bind(c, null, SelectSummariesByIds, System.Text.Json.JsonSerializer.Serialize(ids)))));
    }

    private static List<WorkflowInstanceSummary> ReadSummaries(SqliteCommand command)
    {
        var summaries = new List<WorkflowInstanceSummary>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            summaries.Add(SummaryRow.Read(reader).ToSummary());
        }

        return summaries;
    }

    /// <inheritdoc />
    public Task<FunnelCounts> GetFunnelAsync(
        string workflowId, string rejectedOutcome, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        ArgumentException.ThrowIfNullOrWhiteSpace(rejectedOutcome);
        if (rejectedOutcome != OperatorViewAggregates.RejectedOutcome)
        {
            return GetFunnelFromHistoryAsync(workflowId, rejectedOutcome);
        }

        var parameters = new { workflowId };
        return ReadAsync<FunnelCounts>(async c =>
        {
            var counts = (await c.QueryAsync<(string Status, string Outcome, long Count)>(
                "SELECT status, outcome, SUM(count) FROM instance_counts WHERE workflow_id = @workflowId GROUP BY status, outcome", parameters)).ToList();
            var steps = await c.QueryAsync<(string StepId, long Reached, long Completed, long Rejected)>(
                "SELECT step_id, SUM(reached), SUM(completed), SUM(rejected) FROM funnel_steps WHERE workflow_id = @workflowId " +
                "GROUP BY step_id HAVING SUM(reached) > 0", parameters);
            var medians = await c.QueryAsync<(string StepId, double Median)>(OperatorViewAggregates.MediansSql, parameters);
            var current = await c.QueryAsync<(string StepId, string Status, long Count)>(OperatorViewAggregates.CurrentStepsSql, parameters);
            var deferred = await c.QueryAsync<(string Key, long Count)>(OperatorViewAggregates.DeferredSql(Dialect.BookmarkInstanceId), parameters);
            var outcomes = counts.Where(x => x.Status == nameof(WorkflowStatus.Completed) && x.Outcome.Length > 0 && x.Count > 0)
                .ToDictionary(x => x.Outcome, x => x.Count, StringComparer.Ordinal);
            var (total, byStatus) = OperatorViewAggregates.Counts(counts.Select(x => (x.Status, x.Count)), []);
            return new FunnelCounts(total, OperatorViewAggregates.Steps(steps, medians, current), outcomes, byStatus)
            {
                DeferredOn = deferred.ToDictionary(x => x.Key, x => x.Count, StringComparer.Ordinal),
            };
        });
    }

    private static async Task<Dictionary<(string StepId, string Status), long>> CurrentStepCountsAsync(SqliteConnection c, object parameters) =>
        (await c.QueryAsync<(string StepId, string Status, long Count)>(
            "SELECT current_step, status, COUNT(*) FROM instances WHERE workflow_id = @workflowId AND status IN ('Waiting', 'Faulted') " +
            "AND current_step IS NOT NULL GROUP BY current_step, status", parameters))
            .ToDictionary(x => (x.StepId, x.Status), x => x.Count);

    /// <summary>The funnel computed from every journey's history (the answer before the aggregates, and the benchmark's raw query).</summary>
    internal Task<FunnelCounts> GetFunnelFromHistoryAsync(
        string workflowId, string rejectedOutcome)
    {
        var parameters = new { workflowId, rejectedOutcome };
        const string Executions =
            "WITH h AS (SELECT i.id, i.outcome, json_extract(e.value, '$.stepId') AS step_id, json_extract(e.value, '$.status') AS step_status, " +
            "json_extract(e.value, '$.outcome') AS step_outcome, json_extract(e.value, '$.activity') AS activity, " +
            "(julianday(json_extract(e.value, '$.finishedAt')) - julianday(json_extract(e.value, '$.startedAt'))) * 86400000.0 AS duration_ms " +
            "FROM instances i, json_each(i.history_json) e WHERE i.workflow_id = @workflowId) ";
        return ReadAsync<FunnelCounts>(async c =>
        {
            var (total, byStatus) = OperatorViewAggregates.Counts(
                await c.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM instances WHERE workflow_id = @workflowId GROUP BY status", parameters), []);
            var steps = (await c.QueryAsync<(string StepId, long Reached, long Completed, long Rejected)>(
                Executions +
                "SELECT step_id, COUNT(DISTINCT id), COUNT(DISTINCT CASE WHEN step_status IN ('Completed', 'Skipped') THEN id END), " +
                "COUNT(DISTINCT CASE WHEN outcome = @rejectedOutcome AND step_outcome = @rejectedOutcome AND step_status = 'Completed' " +
                "AND activity <> 'Core.End' THEN id END) FROM h GROUP BY step_id", parameters)).ToList();
            var medians = (await c.QueryAsync<(string StepId, double Median)>(
                Executions +
                ", d AS (SELECT step_id, duration_ms, ROW_NUMBER() OVER (PARTITION BY step_id ORDER BY duration_ms) AS rn, " +
                "COUNT(*) OVER (PARTITION BY step_id) AS n FROM h WHERE step_status = 'Completed' AND duration_ms IS NOT NULL) " +
                "SELECT step_id, AVG(duration_ms) FROM d WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY step_id", parameters))
                .ToDictionary(m => m.StepId, m => m.Median, StringComparer.Ordinal);
            var current = await CurrentStepCountsAsync(c, parameters);
            var outcomes = (await c.QueryAsync<(string Outcome, long Count)>(
                "SELECT outcome, COUNT(*) FROM instances WHERE workflow_id = @workflowId AND status = 'Completed' AND outcome IS NOT NULL GROUP BY outcome",
                parameters)).ToDictionary(x => x.Outcome, x => x.Count, StringComparer.Ordinal);

            var result = steps.Select(s => new FunnelStepCounts(s.StepId, s.Reached, s.Completed,
                current.GetValueOrDefault((s.StepId, "Waiting")), current.GetValueOrDefault((s.StepId, "Faulted")), s.Rejected,
                medians.TryGetValue(s.StepId, out var median) ? Math.Round(median, 1) : null)).ToList();
            return new FunnelCounts(total, result, outcomes, byStatus);
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetOutcomesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async c =>
            (await c.QueryAsync<string>("SELECT DISTINCT outcome FROM instance_counts WHERE outcome <> '' AND count > 0")).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDeferralApisAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(OperatorViewAggregates.DeferralApisSql)).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> GetDefinitionVersionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, IReadOnlyList<int>>>(async c =>
            (await c.QueryAsync<(string WorkflowId, long Version)>("SELECT workflow_id, version FROM workflow_definitions ORDER BY workflow_id, version"))
                .GroupBy(r => r.WorkflowId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.Select(r => (int)r.Version).ToList(), StringComparer.Ordinal));

    /// <inheritdoc />
    public Task<WorkflowInstanceSummary?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            using var reader = Bind(c, null, SelectSummaryByIdempotencyKey, IdempotencyKeys.Hash(idempotencyKey)).ExecuteReader();
            return Task.FromResult(reader.Read() ? SummaryRow.Read(reader).ToSummary() : null);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<WaitingCount>> CountWaitingAndFaultedAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WaitingCount>>(async c =>
            (await c.QueryAsync<(string WorkflowId, string StepId, string Status, long Count)>(OperatorViewAggregates.WaitingByStepSql))
                .Select(r => new WaitingCount(r.WorkflowId, r.StepId, r.Count, r.Status)).ToList());
}
