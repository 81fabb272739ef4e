using System.Globalization;
using System.Text;
using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // The current step's start time of a waiting instance (the last history entry's, ISO-8601 text), stored by the row
    // itself (generated column, migration 0020).
    private const string WaitingSinceSql = "i.waiting_since";

    // The counter kept by the incidents' triggers (migration 0020).
    private const string OpenIncidentSql = "i.open_incidents > 0";

    // The open incident's kind (session 47: the list showed "incident" without it), read only for a journey whose counter
    // says it has one, by the open incidents' partial index ix_incidents_open (migration 0017). A journey has at most one open incident.
    // instances.id is COLLATE "C" and incidents.instance_id is not: without the COLLATE the two collations conflict and the
    // index is scanned with a Filter instead of an Index Cond (PostgresFeedPlanTests).
    private const string OpenIncidentKindSql =
        "CASE WHEN " + OpenIncidentSql + " THEN (SELECT x.error_kind FROM incidents x WHERE x.instance_id = i.id COLLATE \"default\" AND x.resolved_at IS NULL LIMIT 1) END";

    // What a waiting journey's deferred step waits out: its deferral timer's key (docs/engine.md, "Deferral"), by the bookmarks'
    // instance index (in its collation, as the incidents' above); no other timer has a key.
    private const string DeferredOnSql =
        "CASE WHEN i.status = 'Waiting' THEN (SELECT d.key FROM bookmarks d WHERE d.instance_id = i.id COLLATE \"default\" AND d.kind = 'Timer' AND d.key IS NOT NULL LIMIT 1) END";

    private static readonly InstanceFilterDialect Dialect = new(
        "i.status = ANY(@Statuses)",
        // Session 52: compared in the database's collation, a wait that began on a whole second ("…:10+00:00") sorted after a
        // bound later in that second ("…:10.5000000+00:00") under ICU en-US ('.' before '+') and the journey was left out. The
        // answer is the byte order's (COLLATE "C", the texts' time order); the range is read from the partial index
        // ix_instances_waiting_since (migration 0020) in its own, the database's, collation, up to the next whole second
        // (WaitingSinceRangeText). A "C" index instead would order the stuck list's page as well as 0040's does, and the
        // planner then read every workflow's waits for it, filtered.
        "i.waiting_since <= @WaitingSinceRange::text AND i.waiting_since COLLATE \"C\" <= @WaitingSinceBefore::text",
        OperatorViewAggregates.WaitingSinceText,
        // The deferred journeys' ids in instances.id's collation: an index condition on its key, not a Filter over every row.
        BookmarkInstanceId: "d.instance_id COLLATE \"C\"",
        WaitingSinceRangeParameter: OperatorViewAggregates.WaitingSinceRangeText);

    // The raw answer reads the history and the open incidents themselves, not the stored column and the counter (the
    // benchmark and the tests compare the two).
    private static readonly InstanceFilterDialect RawDialect = Dialect with
    {
        WaitingSinceBefore = "(i.history_json::jsonb -> -1 ->> 'startedAt') COLLATE \"C\" <= @WaitingSinceBefore::text",
        IncidentCounter = false,
    };

    private const string SummaryColumns =
        "i.id AS Id, i.workflow_id AS WorkflowId, i.workflow_version AS WorkflowVersion, i.status AS Status, i.outcome AS Outcome, " +
        "i.correlation_id AS CorrelationId, i.current_step AS CurrentStepId, i.created_at AS CreatedAt, i.updated_at AS UpdatedAt, " +
        "i.version AS Version, " + WaitingSinceSql + " AS WaitingSince, (" + OpenIncidentSql + ")::int::bigint AS HasIncident, i.partner AS Partner, " + OpenIncidentKindSql + " AS IncidentKind, " +
        DeferredOnSql + " AS DeferredOn, " + FaultedAtSql + " AS FaultedAt";

    // When a faulted journey faulted (migration 0039: its open incident's time, stamped by the incident's insert).
    private const string FaultedAtSql = "CASE WHEN i.status = 'Faulted' THEN i.faulted_at END";

    /// <inheritdoc />
    public async Task<InstanceList> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await ListAsync(query, OperatorViewAggregates.CountsFromAggregates(query), counters: true, cancellationToken);
    }

    /// <summary>
    /// The list with its total and counts by status read from the aggregates (<paramref name="fromAggregates"/>) or
    /// counted over the matching rows, waiting times from the histories and open incidents from the incidents table (any
    /// filter; the benchmark's raw answer).
    /// </summary>
    internal Task<InstanceList> ListInstancesAsync(InstanceQuery query, bool fromAggregates, CancellationToken cancellationToken) =>
        ListAsync(query, fromAggregates, counters: fromAggregates, cancellationToken);

    // counters: the stored waiting_since and the open-incident counters (0020), else the histories and the incidents
    // table (the raw answer).
    private Task<InstanceList> ListAsync(InstanceQuery query, bool fromAggregates, bool counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dialect = counters ? Dialect : RawDialect;
        var (pageSql, parameters) = ListPageSql(query, counters);
        var (where, _) = InstanceFilterSql.Build(query, includeStatus: true, dialect);
        var (countsWhere, _) = InstanceFilterSql.Build(query, includeStatus: false, dialect);
        parameters.Add("AggregateWorkflowId", query.WorkflowId);
        parameters.Add("AggregateOutcome", query.Outcome);
        if (query.WorkflowVersion is { } aggregateVersion)
        {
            parameters.Add("AggregateVersion", (long)aggregateVersion);
        }

        var page = pageSql + "; ";
        return ReadAsync(async c =>
        {
            if (fromAggregates)
            {
                using var fromCounts = await c.QueryMultipleAsync(Command(page +
                    OperatorViewAggregates.CountsSql(query, "::text", "::bigint"), parameters, null, cancellationToken));
                var pageRows = (await fromCounts.ReadAsync<SummaryRow>()).Select(r => r.ToSummary()).ToList();
                var (aggregateTotal, aggregateCounts) = OperatorViewAggregates.Counts(
                    await fromCounts.ReadAsync<(string Status, long Count)>(), OperatorViewAggregates.Statuses(query));
                return new InstanceList(pageRows, aggregateTotal, aggregateCounts);
            }

            // With waitingLongerThan only waiting journeys match: their count by status is the total without the status filter.
            using var results = await c.QueryMultipleAsync(Command(
                page +
                $"SELECT COUNT(*) FROM instances i {where}; " +
                (query.WaitingSinceBefore is null
                    ? $"SELECT i.status, COUNT(*) FROM instances i {countsWhere} GROUP BY i.status"
                    : $"SELECT 'Waiting', COUNT(*) FROM instances i {countsWhere}"), parameters, null, cancellationToken));
            var rows = await results.ReadAsync<SummaryRow>();
            var total = await results.ReadSingleAsync<long>();
            var counts = Enum.GetValues<WorkflowStatus>().ToDictionary(s => s, _ => 0L);
            foreach (var (status, count) in await results.ReadAsync<(string Status, long Count)>())
            {
                counts[Enum.Parse<WorkflowStatus>(status)] = count;
            }

            return new InstanceList(rows.Select(r => r.ToSummary()).ToList(), total, counts);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FaultedPage> ListFaultedAsync(string workflowId, FaultedCursor? after, int take, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        var (sql, parameters) = FaultedPageSql(workflowId, after, take);
        return ReadAsync(async c => FaultedRunSql.Read(await c.QueryAsync<SummaryRow>(Command(sql, parameters, null, cancellationToken)), take), cancellationToken);
    }

    /// <summary>The statement of a page of the faulted run (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) FaultedPageSql(string workflowId, FaultedCursor? after, int take) =>
        FaultedRunSql.Page(SummaryColumns, "instances i", workflowId, after, take);

    /// <inheritdoc />
    public Task<WaitingPage> ListWaitingAsync(
        string workflowId, DateTimeOffset waitingSinceBefore, WaitingCursor? after, int take, bool withTotal, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        var (sql, parameters) = WaitingPageSql(workflowId, waitingSinceBefore, after, take);
        return ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<SummaryRow>(Command(sql, parameters, null, cancellationToken));
            long? total = null;
            if (withTotal)
            {
                var (count, countParameters) = WaitingCountSql(workflowId, waitingSinceBefore);
                total = await c.ExecuteScalarAsync<long>(Command(count, countParameters, null, cancellationToken));
            }

            return WaitingRunSql.Read(rows, take, total);
        }, cancellationToken);
    }

    // The wait's start as ix_instances_waiting_workflow orders it (migration 0040): byte order, whatever the database's collation, so
    // that comparing the texts compares the instants.
    private const string WaitingSinceOrdered = "i.waiting_since COLLATE \"C\"";

    /// <summary>The statement of a page of the long waits (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) WaitingPageSql(string workflowId, DateTimeOffset waitingSinceBefore, WaitingCursor? after, int take) =>
        WaitingRunSql.Page(SummaryColumns, "instances i", WaitingSinceOrdered, workflowId, waitingSinceBefore, after, take);

    /// <summary>The statement counting the long waits (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) WaitingCountSql(string workflowId, DateTimeOffset waitingSinceBefore) =>
        WaitingRunSql.Count("instances i", WaitingSinceOrdered, workflowId, waitingSinceBefore);

    /// <summary>The statement of one page of the list, with its parameters (a test reads its query plan).</summary>
    internal static (string Sql, DynamicParameters Parameters) ListPageSql(InstanceQuery query) => ListPageSql(query, counters: true);

    private static (string Sql, DynamicParameters Parameters) ListPageSql(InstanceQuery query, bool counters)
    {
        var (pageWhere, parameters) = InstanceFilterSql.Build(query, includeStatus: true, counters ? Dialect : RawDialect, page: true);
        var sortColumn = query.Sort == InstanceSortField.UpdatedAt ? "i.updated_at" : "i.created_at";
        var direction = query.Descending ? "DESC" : "ASC";
        parameters.Add("Skip", (long)Math.Max(0, query.Skip));
        parameters.Add("Take", (long)Math.Clamp(query.Take, 1, 500));
        return ($"SELECT {SummaryColumns} FROM instances i {pageWhere} ORDER BY {sortColumn} {direction}, i.id {direction} LIMIT @Take OFFSET @Skip", parameters);
    }

    // The live-update feed's reads, after a cursor in (updated_at, id) order. A row comparison, which PostgreSQL turns into a
    // range of ix_instances_updated (updated_at, id) that stops after LIMIT rows, whatever the plan. The equivalent
    // `updated_at > @At OR (updated_at = @At AND id > @Id)` is planned well only with the values in hand (a custom plan,
    // planned again on every call: a bitmap OR of two ranges, then a sort of every row after the cursor); with a generic
    // plan (plan_cache_mode = force_generic_plan, or PostgreSQL's own choice for a prepared statement when its estimates
    // favour it) it walked the whole index from its start with the OR as a filter: 63 ms on a 300,000-row table against
    // 0.2 ms, every 300 ms per node (PostgresFeedPlanTests).
    internal const string SelectChangedInstancesSql =
        $"SELECT {SummaryColumns} FROM instances i WHERE (i.updated_at, i.id) > (@At, @Id) ORDER BY i.updated_at, i.id LIMIT @Max";

    internal const string SelectChangeMarksSql =
        "SELECT id, version, updated_at FROM instances WHERE (updated_at, id) > (@At, @Id) ORDER BY updated_at, id LIMIT @Max";

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstanceSummary>> GetChangedInstancesAsync(ChangeCursor after, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        var parameters = new { At = UnixMs.To(after.UpdatedAt), Id = after.Id ?? "", Max = (long)Math.Clamp(max, 1, 5000) };
        return ReadAsync<IReadOnlyList<WorkflowInstanceSummary>>(async c =>
        {
            var rows = await c.QueryAsync<SummaryRow>(Command(SelectChangedInstancesSql, parameters, null, cancellationToken));
            return rows.Select(r => r.ToSummary()).ToList();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChangeMark>> GetChangeMarksAsync(ChangeCursor after, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        var parameters = new { At = UnixMs.To(after.UpdatedAt), Id = after.Id ?? "", Max = (long)Math.Clamp(max, 1, 5000) };
        return ReadAsync<IReadOnlyList<ChangeMark>>(async c =>
        {
            var rows = await c.QueryAsync<(string Id, long Version, long UpdatedAt)>(Command(SelectChangeMarksSql, parameters, null, cancellationToken));
            return rows.Select(r => new ChangeMark(r.Id, r.Version, UnixMs.From(r.UpdatedAt))).ToList();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstanceSummary>> GetSummariesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var parameters = new { Ids = ids.ToArray() };
        return ReadAsync<IReadOnlyList<WorkflowInstanceSummary>>(async c =>
        {
            var rows = await c.QueryAsync<SummaryRow>(Command($"SELECT {SummaryColumns} FROM instances i WHERE i.id = ANY(@Ids)", parameters, null, cancellationToken));
            return rows.Select(r => r.ToSummary()).ToList();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FunnelCounts> GetFunnelAsync(
        string workflowId, string rejectedOutcome, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        ArgumentException.ThrowIfNullOrWhiteSpace(rejectedOutcome);
        if (rejectedOutcome != OperatorViewAggregates.RejectedOutcome)
        {
            return GetFunnelFromHistoryAsync(workflowId, rejectedOutcome, cancellationToken);
        }

        var parameters = new { workflowId };
        return ReadAsync<FunnelCounts>(async c =>
        {
            using var results = await c.QueryMultipleAsync(Command(
                "SELECT status, outcome, SUM(count)::bigint FROM instance_counts WHERE workflow_id = @workflowId GROUP BY status, outcome; " +
                "SELECT step_id, SUM(reached)::bigint, SUM(completed)::bigint, SUM(rejected)::bigint FROM funnel_steps WHERE workflow_id = @workflowId " +
                "GROUP BY step_id HAVING SUM(reached) > 0; " +
                OperatorViewAggregates.MediansSql + "; " +
                OperatorViewAggregates.CurrentStepsSql + "; " +
                OperatorViewAggregates.DeferredSql(Dialect.BookmarkInstanceId),
                parameters, null, cancellationToken));
            var counts = (await results.ReadAsync<(string Status, string Outcome, long Count)>()).ToList();
            var steps = (await results.ReadAsync<(string StepId, long Reached, long Completed, long Rejected)>()).ToList();
            var medians = (await results.ReadAsync<(string StepId, double Median)>()).ToList();
            var current = (await results.ReadAsync<(string StepId, string Status, long Count)>()).ToList();
            var deferred = (await results.ReadAsync<(string Key, long Count)>()).ToList();
            var outcomes = counts.Where(x => x.Status == nameof(WorkflowStatus.Completed) && x.Outcome.Length > 0 && x.Count > 0)
                .ToDictionary(x => x.Outcome, x => x.Count, StringComparer.Ordinal);
            var (total, byStatus) = OperatorViewAggregates.Counts(counts.Select(x => (x.Status, x.Count)), []);
            return new FunnelCounts(total, OperatorViewAggregates.Steps(steps, medians, current), outcomes, byStatus)
            {
                DeferredOn = deferred.ToDictionary(x => x.Key, x => x.Count, StringComparer.Ordinal),
            };
        }, cancellationToken);
    }

    /// <summary>The funnel computed from every journey's history (the answer before the aggregates, and the benchmark's raw query).</summary>
    internal Task<FunnelCounts> GetFunnelFromHistoryAsync(
        string workflowId, string rejectedOutcome, CancellationToken cancellationToken)
    {
        var parameters = new { workflowId, rejectedOutcome };
        const string Executions =
            "WITH h AS (SELECT i.id, i.outcome, e ->> 'stepId' AS step_id, e ->> 'status' AS step_status, e ->> 'outcome' AS step_outcome, " +
            "e ->> 'activity' AS activity, " +
            "EXTRACT(EPOCH FROM ((e ->> 'finishedAt')::timestamptz - (e ->> 'startedAt')::timestamptz))::float8 * 1000.0 AS duration_ms " +
            "FROM instances i CROSS JOIN LATERAL jsonb_array_elements(i.history_json::jsonb) e WHERE i.workflow_id = @workflowId) ";
        return ReadAsync<FunnelCounts>(async c =>
        {
            using var results = await c.QueryMultipleAsync(Command(
                "SELECT status, COUNT(*) FROM instances WHERE workflow_id = @workflowId GROUP BY status; " +
                Executions +
                "SELECT step_id, COUNT(DISTINCT id), COUNT(DISTINCT CASE WHEN step_status IN ('Completed', 'Skipped') THEN id END), " +
                "COUNT(DISTINCT CASE WHEN outcome = @rejectedOutcome AND step_outcome = @rejectedOutcome AND step_status = 'Completed' " +
                "AND activity <> 'Core.End' THEN id END) FROM h GROUP BY step_id; " +
                // percentile_cont(0.5) is the middle value, or the mean of the two middle values: the SQLite store's median.
                Executions +
                "SELECT step_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FROM h " +
                "WHERE step_status = 'Completed' AND duration_ms IS NOT NULL GROUP BY step_id; " +
                "SELECT current_step, status, COUNT(*) FROM instances WHERE workflow_id = @workflowId AND status IN ('Waiting', 'Faulted') " +
                "AND current_step IS NOT NULL GROUP BY current_step, status; " +
                "SELECT outcome, COUNT(*) FROM instances WHERE workflow_id = @workflowId AND status = 'Completed' AND outcome IS NOT NULL GROUP BY outcome",
                parameters, null, cancellationToken));
            var (total, byStatus) = OperatorViewAggregates.Counts(await results.ReadAsync<(string Status, long Count)>(), []);
            var steps = (await results.ReadAsync<(string StepId, long Reached, long Completed, long Rejected)>()).ToList();
            var medians = (await results.ReadAsync<(string StepId, double Median)>()).ToDictionary(m => m.StepId, m => m.Median, StringComparer.Ordinal);
            var current = (await results.ReadAsync<(string StepId, string Status, long Count)>()).ToDictionary(x => (x.StepId, x.Status), x => x.Count);
            var outcomes = (await results.ReadAsync<(string Outcome, long Count)>()).ToDictionary(x => x.Outcome, x => x.Count, StringComparer.Ordinal);

            var result = steps.Select(s => new FunnelStepCounts(s.StepId, s.Reached, s.Completed,
                current.GetValueOrDefault((s.StepId, "Waiting")), current.GetValueOrDefault((s.StepId, "Faulted")), s.Rejected,
                medians.TryGetValue(s.StepId, out var median) ? Math.Round(median, 1) : null)).ToList();
            return new FunnelCounts(total, result, outcomes, byStatus);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetOutcomesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async c =>
            (await c.QueryAsync<string>(Command(
                "SELECT outcome FROM instance_counts WHERE outcome <> '' GROUP BY outcome HAVING SUM(count) > 0", null, null, cancellationToken))).ToList(),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDeferralApisAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async c =>
            (await c.QueryAsync<string>(Command(OperatorViewAggregates.DeferralApisSql, null, null, cancellationToken))).ToList(),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> GetDefinitionVersionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, IReadOnlyList<int>>>(async c =>
            (await c.QueryAsync<(string WorkflowId, long Version)>(Command(
                "SELECT workflow_id, version FROM workflow_definitions ORDER BY workflow_id, version", null, null, cancellationToken)))
                .GroupBy(r => r.WorkflowId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.Select(r => (int)r.Version).ToList(), StringComparer.Ordinal), cancellationToken);

    /// <inheritdoc />
    public Task<WorkflowInstanceSummary?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<SummaryRow>(Command(
            $"SELECT {SummaryColumns} FROM instances i WHERE i.idempotency_key = @idempotencyKey", new { idempotencyKey = IdempotencyKeys.Hash(idempotencyKey) }, null, cancellationToken)))?.ToSummary(),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WaitingCount>> CountWaitingAndFaultedAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WaitingCount>>(async c =>
            (await c.QueryAsync<(string WorkflowId, string StepId, string Status, long Count)>(Command(OperatorViewAggregates.WaitingByStepSql, null, null, cancellationToken)))
                .Select(r => new WaitingCount(r.WorkflowId, r.StepId, r.Count, r.Status)).ToList(), cancellationToken);
}
