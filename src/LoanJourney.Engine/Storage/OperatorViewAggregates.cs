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
    /// The total and counts by status of this query come from <c>instance_counts</c> (or, with a version,
    /// <c>instance_version_counts</c>): only the workflow, version, status and outcome filters are set. Any other filter
    /// counts the matching rows.
    /// </summary>
    public static bool CountsFromAggregates(InstanceQuery query) =>
        query.CorrelationId is null
        && (query.Outcome is null || query.Outcome.Length > 0)
        && query.CreatedFrom is null && query.CreatedTo is null && query.UpdatedFrom is null && query.UpdatedTo is null
        && query.HasIncident is null && query.WaitingSinceBefore is null;

    /// <summary>
    /// The statement reading <c>(status, count)</c> rows for <see cref="CountsFromAggregates"/> (parameters
    /// <c>@AggregateWorkflowId</c>, <c>@AggregateOutcome</c>, <c>@AggregateVersion</c>; <paramref name="text"/> and
    /// <paramref name="integer"/> are the dialect's casts, empty on SQLite): per workflow from <c>instance_counts</c>,
    /// per workflow version from <c>instance_version_counts</c> (migration 0018).
    /// </summary>
    public static string CountsSql(InstanceQuery query, string text, string integer) =>
        (query.WorkflowVersion is null
            ? "SELECT status, SUM(count)" + integer + " FROM instance_counts WHERE "
            : "SELECT status, SUM(count)" + integer + " FROM instance_version_counts WHERE workflow_version = @AggregateVersion AND ")
        + "(@AggregateWorkflowId" + text + " IS NULL OR workflow_id = @AggregateWorkflowId" + text + ") "
        + "AND (@AggregateOutcome" + text + " IS NULL OR outcome = @AggregateOutcome" + text + ") GROUP BY status";

    /// <summary>
    /// The <c>waitingLongerThan</c> bound as the text the engine writes history times in (ISO 8601, UTC, <c>+00:00</c>),
    /// with all seven fraction digits so that comparing the texts compares the instants (a shorter fraction or none
    /// sorts before the same instant written longer): the filter is a range of the waiting-since index (0018).
    /// </summary>
    public static object WaitingSinceText(DateTimeOffset before) =>
        before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>hasIncident=false</c> with otherwise only aggregate filters: its counts are the aggregates' minus those of the
    /// journeys with an open incident (few, live), instead of counting nearly every journey ever run.
    /// </summary>
    public static bool CountsByComplement(InstanceQuery query) =>
        query.HasIncident == false && CountsFromAggregates(query with { HasIncident = null });

    /// <summary>
    /// The list of <see cref="CountsByComplement"/>: <paramref name="page"/> is the query's page with the aggregates'
    /// counts (which do not see <c>hasIncident</c>), <paramref name="withIncident"/> the same filters with
    /// <c>hasIncident=true</c> counted over its rows.
    /// </summary>
    public static InstanceList Complement(InstanceList page, InstanceList withIncident) =>
        new(page.Items, page.Total - withIncident.Total,
            page.CountsByStatus.ToDictionary(c => c.Key, c => c.Value - withIncident.CountsByStatus.GetValueOrDefault(c.Key)));

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
    /// The funnel's steps: sums per step, medians from the duration buckets (ordered by step, then duration) and the
    /// journeys waiting or faulted at each step now.
    /// </summary>
    public static List<FunnelStepCounts> Steps(
        IEnumerable<(string StepId, long Reached, long Completed, long Rejected)> steps,
        IEnumerable<(string StepId, long DurationMs, long Executions)> durations,
        IReadOnlyDictionary<(string StepId, string Status), long> current)
    {
        var medians = durations.GroupBy(d => d.StepId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Median(g.Select(d => (d.DurationMs, d.Executions)).ToList()), StringComparer.Ordinal);
        return steps.Select(s => new FunnelStepCounts(s.StepId, s.Reached, s.Completed,
            current.GetValueOrDefault((s.StepId, "Waiting")), current.GetValueOrDefault((s.StepId, "Faulted")), s.Rejected,
            medians.GetValueOrDefault(s.StepId))).ToList();
    }

    /// <summary>
    /// The middle value of durations given as (value, how many) ascending, or the mean of the two middle values: the
    /// same positions the history query picks (<c>(n + 1) / 2</c> and <c>(n + 2) / 2</c>), rounded to 0.1 ms.
    /// </summary>
    public static double? Median(IReadOnlyList<(long DurationMs, long Executions)> ascending)
    {
        var n = ascending.Sum(d => d.Executions);
        if (n <= 0)
        {
            return null;
        }

        return Math.Round((At(ascending, (n + 1) / 2) + At(ascending, (n + 2) / 2)) / 2.0, 1);
    }

    // The value at 1-based position k of the expanded list.
    private static long At(IReadOnlyList<(long DurationMs, long Executions)> ascending, long k)
    {
        long seen = 0;
        foreach (var (duration, executions) in ascending)
        {
            seen += executions;
            if (seen >= k)
            {
                return duration;
            }
        }

        return ascending[^1].DurationMs;
    }
}
