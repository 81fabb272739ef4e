using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// How both stores answer the operator views from the aggregates their triggers keep (migration 0017): which list
/// queries the counts table can answer, and the funnel assembled from per-step sums and duration buckets.
/// </summary>
internal static class OperatorViewAggregates
{
    /// <summary>The journey and step outcome the funnel's <c>rejected</c> column counts (the triggers name it too).</summary>
    public const string RejectedOutcome = "Rejected";

    /// <summary>
    /// The total and counts by status of this query come from the aggregates: <c>instance_counts</c> (or, with a version,
    /// <c>instance_version_counts</c>), and with <c>hasIncident</c> <c>incident_counts</c> (migration 0020): only the
    /// workflow, version, status, outcome and incident filters are set. Any other filter counts the matching rows.
    /// </summary>
    public static bool CountsFromAggregates(InstanceQuery query) =>
        query.CorrelationId is null
        && query.Partner is null && query.HasPartner is null // the counters are kept per workflow, not per partner
        && (query.Outcome is null || query.Outcome.Length > 0)
        && query.CreatedFrom is null && query.CreatedTo is null && query.UpdatedFrom is null && query.UpdatedTo is null
        && query.WaitingSinceBefore is null
        && query.IncidentKind is null // the incident counters are not kept per kind
        && query.DeferredOn is null; // counted over the deferred journeys (few, by the bookmarks' key index)

    /// <summary>
    /// A workflow's deferred journeys per what they wait out (<c>(key, count)</c> rows, parameter <c>@workflowId</c>): the
    /// deferral timers, a range of the bookmarks' <c>(kind, key)</c> index, each joined to its journey by the instances' key
    /// (<paramref name="instanceId"/>: the dialect's <see cref="InstanceFilterDialect.BookmarkInstanceId"/>).
    /// </summary>
    public static string DeferredSql(string instanceId) =>
        $"SELECT d.key, COUNT(*) FROM bookmarks d JOIN instances i ON i.id = {instanceId} " +
        "WHERE d.kind = 'Timer' AND d.key > '' AND i.workflow_id = @workflowId GROUP BY d.key";

    /// <summary>
    /// The distinct keys of the deferral timers (the APIs waiting journeys' deferred steps wait out), the same SQL on both stores:
    /// a skip scan of the bookmarks' <c>(kind, key, created_at)</c> index, each step the smallest key after the last one found,
    /// so it reads one index entry per API, not one per deferred journey (an outage can defer thousands).
    /// </summary>
    public const string DeferralApisSql =
        "WITH RECURSIVE apis(api) AS (" +
        "SELECT (SELECT MIN(d.key) FROM bookmarks d WHERE d.kind = 'Timer' AND d.key > '') " +
        "UNION ALL SELECT (SELECT MIN(d.key) FROM bookmarks d WHERE d.kind = 'Timer' AND d.key > apis.api) FROM apis WHERE apis.api IS NOT NULL) " +
        "SELECT api FROM apis WHERE api IS NOT NULL";

    /// <summary>
    /// The statement reading <c>(status, count)</c> rows for <see cref="CountsFromAggregates"/> (parameters
    /// <c>@AggregateWorkflowId</c>, <c>@AggregateOutcome</c>, <c>@AggregateVersion</c>; <paramref name="text"/> and
    /// <paramref name="integer"/> are the dialect's casts, empty on SQLite): per workflow from <c>instance_counts</c>,
    /// per workflow version from <c>instance_version_counts</c> (migration 0018), the journeys with an open incident from
    /// <c>incident_counts</c> and those without as <c>instance_version_counts</c> minus <c>incident_counts</c> (0020).
    /// </summary>
    public static string CountsSql(InstanceQuery query, string text, string integer)
    {
        var source = query.HasIncident switch
        {
            true => "incident_counts",
            false => "(SELECT workflow_id, workflow_version, status, outcome, count FROM instance_version_counts " +
                     "UNION ALL SELECT workflow_id, workflow_version, status, outcome, -count FROM incident_counts) c",
            null => query.WorkflowVersion is null ? "instance_counts" : "instance_version_counts",
        };
        return "SELECT status, SUM(count)" + integer + " FROM " + source + " WHERE "
            + (query.WorkflowVersion is null ? "" : "workflow_version = @AggregateVersion AND ")
            + "(@AggregateWorkflowId" + text + " IS NULL OR workflow_id = @AggregateWorkflowId" + text + ") "
            + "AND (@AggregateOutcome" + text + " IS NULL OR outcome = @AggregateOutcome" + text + ") GROUP BY status";
    }

    /// <summary>
    /// The <c>waitingLongerThan</c> bound as the text the engine writes history times in (ISO 8601, UTC, <c>+00:00</c>),
    /// with all seven fraction digits so that comparing the texts compares the instants (a shorter fraction or none
    /// sorts before the same instant written longer): the filter is a range of the waiting-since index (0018).
    /// </summary>
    public static object WaitingSinceText(DateTimeOffset before) =>
        before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// An upper bound of the <c>waitingLongerThan</c> range that a database's own collation can read from its index: the whole second
    /// after the bound's, with no fraction and no offset (<c>2026-01-01T00:00:11</c> for a bound at <c>…T00:00:10.5</c>). The exact
    /// comparison is in byte order (<c>COLLATE "C"</c>, <see cref="WaitingSinceText"/>); in a linguistic collation (ICU en-US) the
    /// texts of one second are not in time order ('.' sorts before '+'), but every wait that began no later than the bound differs
    /// from this text first at a digit, and digits sort 0 to 9 in every collation, whether it weighs punctuation or ignores it. So
    /// the index range holds every match and at most one second more, which the exact comparison leaves out.
    /// </summary>
    public static object WaitingSinceRangeText(DateTimeOffset before)
    {
        var utc = before.UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(1)
            .ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The statuses a query asks for (both the single and the list filter), as stored text.</summary>
    public static string[] Statuses(InstanceQuery query) =>
        (query.Statuses ?? []).Concat(query.Status is { } s ? [s] : []).Distinct().Select(x => x.ToString()).ToArray();

    /// <summary>Total and counts by status from <c>(status, count)</c> rows of <c>instance_counts</c>.</summary>
    public static (long Total, Dictionary<WorkflowStatus, long> Counts) Counts(IEnumerable<(string Status, long Count)> rows, string[] statuses)
    {
        var counts = Enum.GetValues<WorkflowStatus>().ToDictionary(s => s, _ => 0L);
        foreach (var (status, count) in rows)
        {
            counts[Enum.Parse<WorkflowStatus>(status)] += count;
        }

        var total = counts.Where(c => statuses.Length == 0 || statuses.Contains(c.Key.ToString())).Sum(c => c.Value);
        return (total, counts);
    }

    /// <summary>
    /// The funnel's median per step, computed in SQL from the duration buckets (<c>funnel_durations</c>, summed over
    /// slots on PostgreSQL): the value at positions <c>(n + 1) / 2</c> and <c>(n + 2) / 2</c> of the expanded list, as
    /// the history query picks them, so only one row per step leaves the database. Parameter <c>@workflowId</c>; the
    /// same SQL on both stores.
    /// </summary>
    public const string MediansSql =
        "WITH d AS (SELECT step_id, duration_ms, CAST(SUM(executions) AS bigint) AS n FROM funnel_durations WHERE workflow_id = @workflowId " +
        "GROUP BY step_id, duration_ms HAVING SUM(executions) > 0), " +
        "c AS (SELECT step_id, duration_ms, CAST(SUM(n) OVER (PARTITION BY step_id ORDER BY duration_ms) AS bigint) AS upto, " +
        "CAST(SUM(n) OVER (PARTITION BY step_id) AS bigint) AS total FROM d) " +
        "SELECT step_id, CAST((MIN(duration_ms) FILTER (WHERE upto >= (total + 1) / 2) + MIN(duration_ms) FILTER (WHERE upto >= (total + 2) / 2)) / 2.0 " +
        "AS double precision) FROM c GROUP BY step_id";

    /// <summary>
    /// The journeys waiting, and those faulted with an open incident, at each step of each workflow now (the waiting-journeys
    /// and open-incidents gauges), from <c>current_step_counts</c>
    /// (migration 0020): a read of the counters, not of every waiting journey (0026 dropped the index that query used).
    /// </summary>
    internal const string WaitingByStepSql =
        "SELECT workflow_id, step_id, status, CAST(SUM(count) AS bigint) FROM current_step_counts WHERE status IN ('Waiting', 'Faulted') " +
        "GROUP BY workflow_id, step_id, status HAVING SUM(count) <> 0";

    /// <summary>The journeys waiting or faulted at each step now, from <c>current_step_counts</c> (migration 0020).</summary>
    public const string CurrentStepsSql =
        "SELECT step_id, status, CAST(SUM(count) AS bigint) FROM current_step_counts WHERE workflow_id = @workflowId GROUP BY step_id, status HAVING SUM(count) <> 0";

    /// <summary>
    /// The funnel's steps: sums per step, medians per step (<see cref="MediansSql"/>) and the journeys waiting or faulted
    /// at each step now.
    /// </summary>
    public static List<FunnelStepCounts> Steps(
        IEnumerable<(string StepId, long Reached, long Completed, long Rejected)> steps,
        IEnumerable<(string StepId, double Median)> medians,
        IEnumerable<(string StepId, string Status, long Count)> current)
    {
        var median = medians.ToDictionary(m => m.StepId, m => Math.Round(m.Median, 1), StringComparer.Ordinal);
        var now = current.ToDictionary(c => (c.StepId, c.Status), c => c.Count);
        return steps.Select(s => new FunnelStepCounts(s.StepId, s.Reached, s.Completed,
            now.GetValueOrDefault((s.StepId, "Waiting")), now.GetValueOrDefault((s.StepId, "Faulted")), s.Rejected,
            median.TryGetValue(s.StepId, out var m) ? m : null)).ToList();
    }
}
