using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // A step's counters (migration 0017's funnel_steps), moved by what the commit changed.
    internal static readonly SqlStatement UpsertFunnelStep = new(
        "INSERT INTO funnel_steps (workflow_id, step_id, reached, completed, rejected) VALUES (@WorkflowId, @StepId, @Reached, @Completed, @Rejected) " +
        "ON CONFLICT (workflow_id, step_id) DO UPDATE SET " +
        "reached = reached + excluded.reached, completed = completed + excluded.completed, rejected = rejected + excluded.rejected",
        "@WorkflowId", "@StepId", "@Reached", "@Completed", "@Rejected");

    // A completed execution added or taken away, in its duration's bucket: the duration and the bucket are computed with the
    // expressions of 0017's triggers (which still keep the aggregates for any other writer and for inserts and deletes), so
    // both ways round alike.
    internal static readonly SqlStatement UpsertFunnelDuration = new(
        "INSERT INTO funnel_durations (workflow_id, step_id, duration_ms, executions) " +
        "SELECT @WorkflowId, @StepId, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END, @Executions FROM (" +
        "SELECT d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000 " +
        "WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END AS p FROM (" +
        "SELECT CAST(round((julianday(@FinishedAt) - julianday(@StartedAt)) * 86400000.0) AS INTEGER) AS d)) WHERE d IS NOT NULL " +
        "ON CONFLICT (workflow_id, step_id, duration_ms) DO UPDATE SET executions = executions + excluded.executions",
        "@WorkflowId", "@StepId", "@Executions", "@FinishedAt", "@StartedAt");

    private void ApplyFunnel(SqliteConnection c, SqliteTransaction? tx, string workflowId, FunnelDelta funnel)
    {
        foreach (var step in funnel.Steps)
        {
            Bind(c, tx, UpsertFunnelStep, workflowId, step.StepId, step.Reached, step.Completed, step.Rejected).ExecuteNonQuery();
        }

        foreach (var execution in funnel.Durations)
        {
            Bind(c, tx, UpsertFunnelDuration, workflowId, execution.StepId, execution.Executions, execution.FinishedAt, execution.StartedAt).ExecuteNonQuery();
        }
    }
}
