using System.Text;
using Dapper;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // A step's counters (migration 0017's funnel_steps, in the instance's slot), moved by what the commit changed, in key
    // order as the triggers write them, so two commits never lock the same rows in opposite orders.
    internal const string UpsertFunnelStepsSql =
        "INSERT INTO funnel_steps (workflow_id, slot, step_id, reached, completed, rejected) " +
        "SELECT @FunnelWorkflowId, lj_session_slot(), s, r, c, j FROM unnest(@FStep::text[], @FReached::bigint[], @FCompleted::bigint[], @FRejected::bigint[]) AS u(s, r, c, j) " +
        "ORDER BY s " +
        "ON CONFLICT (workflow_id, slot, step_id) DO UPDATE SET reached = funnel_steps.reached + excluded.reached, " +
        "completed = funnel_steps.completed + excluded.completed, rejected = funnel_steps.rejected + excluded.rejected;";

    // Completed executions added or taken away, in their durations' buckets (in the writing session's slot, migration 0024:
    // a journey's Core.End always lands in the 0 ms bucket, so without slots every journey's last commit queued on one row):
    // the duration and the bucket are computed with the expressions of 0017's and 0020's function (which still keeps the
    // aggregates for any other writer and for inserts and deletes), so both ways round alike.
    internal const string UpsertFunnelDurationsSql =
        "INSERT INTO funnel_durations (workflow_id, slot, step_id, duration_ms, executions) " +
        "SELECT @FunnelWorkflowId, lj_session_slot(), s, bucket, SUM(n) FROM (" +
        "SELECT s, n, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket FROM (" +
        "SELECT s, n, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000 " +
        "WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END::bigint AS p FROM (" +
        "SELECT s, n, round(EXTRACT(EPOCH FROM (f::timestamptz - a::timestamptz)) * 1000)::bigint AS d " +
        "FROM unnest(@DStep::text[], @DStarted::text[], @DFinished::text[], @DExecutions::bigint[]) AS u(s, a, f, n)) x WHERE d IS NOT NULL) y) z " +
        "GROUP BY s, bucket HAVING SUM(n) <> 0 ORDER BY s, bucket " +
        "ON CONFLICT (workflow_id, slot, step_id, duration_ms) DO UPDATE SET executions = funnel_durations.executions + excluded.executions;";

    private static void AppendFunnel(StringBuilder sql, DynamicParameters parameters, string workflowId, FunnelDelta funnel)
    {
        if (funnel.IsEmpty)
        {
            return;
        }

        parameters.Add("FunnelWorkflowId", workflowId);
        if (funnel.Steps.Count > 0)
        {
            sql.Append(UpsertFunnelStepsSql);
            parameters.Add("FStep", funnel.Steps.Select(s => s.StepId).ToArray());
            parameters.Add("FReached", funnel.Steps.Select(s => (long)s.Reached).ToArray());
            parameters.Add("FCompleted", funnel.Steps.Select(s => (long)s.Completed).ToArray());
            parameters.Add("FRejected", funnel.Steps.Select(s => (long)s.Rejected).ToArray());
        }

        if (funnel.Durations.Count > 0)
        {
            sql.Append(UpsertFunnelDurationsSql);
            parameters.Add("DStep", funnel.Durations.Select(d => d.StepId).ToArray());
            parameters.Add("DStarted", funnel.Durations.Select(d => d.StartedAt).ToArray());
            parameters.Add("DFinished", funnel.Durations.Select(d => d.FinishedAt).ToArray());
            parameters.Add("DExecutions", funnel.Durations.Select(d => (long)d.Executions).ToArray());
        }
    }
}
