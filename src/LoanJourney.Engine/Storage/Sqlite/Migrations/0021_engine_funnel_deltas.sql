-- Issue 17, round 4: the engine applies what a step does to the funnel's aggregates itself. 0017's update trigger parsed
-- the whole old and new history JSON (json_each, twice each) on every step commit, which cost a no-op step 2.2-2.9 x its
-- CPU; the engine knows the history it read and the one it writes, computes the few rows that change (FunnelDelta) and
-- upserts them in the same transaction. It says so by moving funnel_version with the row; the trigger then stands aside.
-- Every other writer of history_json (a manual UPDATE, a tool, an engine commit without the state it read) leaves
-- funnel_version alone, and the trigger keeps the aggregates exactly as before. Insert and delete keep 0017's triggers.
ALTER TABLE instances ADD COLUMN funnel_version INTEGER NOT NULL DEFAULT 0;

-- 0017's update trigger with the one condition added (SQLite cannot alter a trigger; the body is 0017's).
DROP TRIGGER IF EXISTS tr_instances_funnel_update;

CREATE TRIGGER tr_instances_funnel_update AFTER UPDATE OF workflow_id, outcome, history_json ON instances
WHEN OLD.funnel_version IS NEW.funnel_version
     AND (OLD.workflow_id IS NOT NEW.workflow_id OR OLD.outcome IS NOT NEW.outcome OR OLD.history_json IS NOT NEW.history_json) BEGIN
    INSERT INTO funnel_steps (workflow_id, step_id, reached, completed, rejected)
    SELECT workflow_id, step_id, SUM(r), SUM(c), SUM(j) FROM (
        SELECT NEW.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, 1 AS r, MAX(CASE WHEN json_extract(e.value, '$.status') IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS c, MAX(CASE WHEN NEW.outcome = 'Rejected' AND json_extract(e.value, '$.outcome') = 'Rejected' AND json_extract(e.value, '$.status') = 'Completed' AND json_extract(e.value, '$.activity') <> 'Core.End' THEN 1 ELSE 0 END) AS j FROM json_each(NEW.history_json) e GROUP BY 2
        UNION ALL
        SELECT OLD.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, -1 AS r, -MAX(CASE WHEN json_extract(e.value, '$.status') IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS c, -MAX(CASE WHEN OLD.outcome = 'Rejected' AND json_extract(e.value, '$.outcome') = 'Rejected' AND json_extract(e.value, '$.status') = 'Completed' AND json_extract(e.value, '$.activity') <> 'Core.End' THEN 1 ELSE 0 END) AS j FROM json_each(OLD.history_json) e GROUP BY 2)
    WHERE step_id IS NOT NULL
    GROUP BY workflow_id, step_id HAVING SUM(r) <> 0 OR SUM(c) <> 0 OR SUM(j) <> 0
    ON CONFLICT (workflow_id, step_id) DO UPDATE SET
        reached = reached + excluded.reached, completed = completed + excluded.completed, rejected = rejected + excluded.rejected;
    INSERT INTO funnel_durations (workflow_id, step_id, duration_ms, executions)
    SELECT workflow_id, step_id, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket, SUM(n) FROM (
        SELECT workflow_id, step_id, n, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000
            WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END AS p FROM (
            SELECT NEW.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, 1 AS n, CAST(round((julianday(json_extract(e.value, '$.finishedAt')) - julianday(json_extract(e.value, '$.startedAt'))) * 86400000.0) AS INTEGER) AS d FROM json_each(NEW.history_json) e WHERE json_extract(e.value, '$.status') = 'Completed'
        UNION ALL
        SELECT OLD.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, -1 AS n, CAST(round((julianday(json_extract(e.value, '$.finishedAt')) - julianday(json_extract(e.value, '$.startedAt'))) * 86400000.0) AS INTEGER) AS d FROM json_each(OLD.history_json) e WHERE json_extract(e.value, '$.status') = 'Completed')
        WHERE d IS NOT NULL AND step_id IS NOT NULL)
    GROUP BY workflow_id, step_id, bucket HAVING SUM(n) <> 0
    ON CONFLICT (workflow_id, step_id, duration_ms) DO UPDATE SET executions = executions + excluded.executions;
END;
