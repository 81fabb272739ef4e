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
    /// The total and counts by status of this query come from <c>instance_counts</c>: only the workflow, status and
    /// outcome filters are set. Any other filter counts matching rows through an index.
    /// </summary>
    public static bool CountsFromAggregates(InstanceQuery query) =>
        query.CorrelationId is null
        && (query.Outcome is null || query.Outcome.Length > 0)
        && query.CreatedFrom is null && query.CreatedTo is null && query.UpdatedFrom is null && query.UpdatedTo is null
        && query.HasIncident is null && query.WaitingSinceBefore is null;

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
