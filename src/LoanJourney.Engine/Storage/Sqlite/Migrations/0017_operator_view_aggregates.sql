-- Issue 17: the operator views (funnel, instance list counts) read aggregates kept up to date by triggers in the same
-- transaction as the instance row they count, so their cost does not grow with history. Triggers, not engine code, keep
-- them: every writer of instances (step commits, cancel, retry, erasure, retention, migrations between versions, a
-- manual DELETE) is covered. 0017 (the issue number) leaves 0016 to a branch that lands before it.
--
-- Journeys per workflow, status and outcome ('' for none): totals and counts by status of the list, the funnel's
-- total and outcomes.
CREATE TABLE IF NOT EXISTS instance_counts (
    workflow_id TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, status, outcome)
) WITHOUT ROWID;

-- Per workflow and step: journeys whose history started the step at least once, completed (or skipped) it at least
-- once, and ended with the outcome 'Rejected' after the step completed with that outcome (not a Core.End step).
CREATE TABLE IF NOT EXISTS funnel_steps (
    workflow_id TEXT    NOT NULL,
    step_id     TEXT    NOT NULL,
    reached     INTEGER NOT NULL,
    completed   INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, step_id)
) WITHOUT ROWID;

-- Completed step executions by duration: exact milliseconds below one second, three significant digits above, so
-- a step has at most a few thousand rows however many journeys ran it (the funnel's median is read from them).
CREATE TABLE IF NOT EXISTS funnel_durations (
    workflow_id TEXT    NOT NULL,
    step_id     TEXT    NOT NULL,
    duration_ms INTEGER NOT NULL,
    executions  INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, step_id, duration_ms)
) WITHOUT ROWID;

-- The list's first page, newest first, with and without a filter, reads an index in order instead of sorting history.
CREATE INDEX IF NOT EXISTS ix_instances_created ON instances (created_at, id);
CREATE INDEX IF NOT EXISTS ix_instances_workflow_created ON instances (workflow_id, created_at, id);
CREATE INDEX IF NOT EXISTS ix_instances_outcome ON instances (outcome, created_at, id) WHERE outcome IS NOT NULL;
-- Journeys waiting or faulted at a step (funnel), live rows only.
CREATE INDEX IF NOT EXISTS ix_instances_current ON instances (workflow_id, status, current_step);
-- The hasIncident filter starts from the open incidents.
CREATE INDEX IF NOT EXISTS ix_incidents_open ON incidents (instance_id) WHERE resolved_at IS NULL;

-- One view of a history's contribution, used by the triggers and the back-fill below.
CREATE VIEW IF NOT EXISTS funnel_history_steps AS
SELECT i.id AS instance_id, i.workflow_id, json_extract(e.value, '$.stepId') AS step_id,
       MAX(CASE WHEN json_extract(e.value, '$.status') IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS completed,
       MAX(CASE WHEN i.outcome = 'Rejected' AND json_extract(e.value, '$.outcome') = 'Rejected' AND json_extract(e.value, '$.status') = 'Completed'
                AND json_extract(e.value, '$.activity') <> 'Core.End' THEN 1 ELSE 0 END) AS rejected
FROM instances i, json_each(i.history_json) e
GROUP BY i.id, json_extract(e.value, '$.stepId');

INSERT INTO instance_counts (workflow_id, status, outcome, count)
SELECT workflow_id, status, COALESCE(outcome, ''), COUNT(*) FROM instances GROUP BY workflow_id, status, COALESCE(outcome, '');

INSERT INTO funnel_steps (workflow_id, step_id, reached, completed, rejected)
SELECT workflow_id, step_id, COUNT(*), SUM(completed), SUM(rejected) FROM funnel_history_steps WHERE step_id IS NOT NULL GROUP BY workflow_id, step_id;

INSERT INTO funnel_durations (workflow_id, step_id, duration_ms, executions)
SELECT workflow_id, step_id, bucket, COUNT(*) FROM (
    SELECT workflow_id, step_id, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket FROM (
        SELECT workflow_id, step_id, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000
            WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END AS p FROM (
            SELECT i.workflow_id, json_extract(e.value, '$.stepId') AS step_id,
                   CAST(round((julianday(json_extract(e.value, '$.finishedAt')) - julianday(json_extract(e.value, '$.startedAt'))) * 86400000.0) AS INTEGER) AS d
            FROM instances i, json_each(i.history_json) e
            WHERE json_extract(e.value, '$.status') = 'Completed')
        WHERE d IS NOT NULL AND step_id IS NOT NULL))
GROUP BY workflow_id, step_id, bucket;

-- The triggers: an inserted row adds its contribution, a deleted row takes it away, an updated row does both (only the
-- difference is written: a step commit touches one or two rows of funnel_steps and funnel_durations).
CREATE TRIGGER IF NOT EXISTS tr_instances_aggregates_insert AFTER INSERT ON instances BEGIN
    INSERT INTO instance_counts (workflow_id, status, outcome, count) VALUES (NEW.workflow_id, NEW.status, COALESCE(NEW.outcome, ''), 1)
    ON CONFLICT (workflow_id, status, outcome) DO UPDATE SET count = count + excluded.count;
    INSERT INTO funnel_steps (workflow_id, step_id, reached, completed, rejected)
    SELECT workflow_id, step_id, SUM(r), SUM(c), SUM(j) FROM (
        SELECT NEW.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, 1 AS r, MAX(CASE WHEN json_extract(e.value, '$.status') IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS c, MAX(CASE WHEN NEW.outcome = 'Rejected' AND json_extract(e.value, '$.outcome') = 'Rejected' AND json_extract(e.value, '$.status') = 'Completed' AND json_extract(e.value, '$.activity') <> 'Core.End' THEN 1 ELSE 0 END) AS j FROM json_each(NEW.history_json) e GROUP BY 2)
    WHERE step_id IS NOT NULL
    GROUP BY workflow_id, step_id HAVING SUM(r) <> 0 OR SUM(c) <> 0 OR SUM(j) <> 0
    ON CONFLICT (workflow_id, step_id) DO UPDATE SET
        reached = reached + excluded.reached, completed = completed + excluded.completed, rejected = rejected + excluded.rejected;
    INSERT INTO funnel_durations (workflow_id, step_id, duration_ms, executions)
    SELECT workflow_id, step_id, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket, SUM(n) FROM (
        SELECT workflow_id, step_id, n, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000
            WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END AS p FROM (
            SELECT NEW.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, 1 AS n, CAST(round((julianday(json_extract(e.value, '$.finishedAt')) - julianday(json_extract(e.value, '$.startedAt'))) * 86400000.0) AS INTEGER) AS d FROM json_each(NEW.history_json) e WHERE json_extract(e.value, '$.status') = 'Completed')
        WHERE d IS NOT NULL AND step_id IS NOT NULL)
    GROUP BY workflow_id, step_id, bucket HAVING SUM(n) <> 0
    ON CONFLICT (workflow_id, step_id, duration_ms) DO UPDATE SET executions = executions + excluded.executions;
END;

CREATE TRIGGER IF NOT EXISTS tr_instances_aggregates_delete AFTER DELETE ON instances BEGIN
    INSERT INTO instance_counts (workflow_id, status, outcome, count) VALUES (OLD.workflow_id, OLD.status, COALESCE(OLD.outcome, ''), -1)
    ON CONFLICT (workflow_id, status, outcome) DO UPDATE SET count = count + excluded.count;
    INSERT INTO funnel_steps (workflow_id, step_id, reached, completed, rejected)
    SELECT workflow_id, step_id, SUM(r), SUM(c), SUM(j) FROM (
        SELECT OLD.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, -1 AS r, -MAX(CASE WHEN json_extract(e.value, '$.status') IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS c, -MAX(CASE WHEN OLD.outcome = 'Rejected' AND json_extract(e.value, '$.outcome') = 'Rejected' AND json_extract(e.value, '$.status') = 'Completed' AND json_extract(e.value, '$.activity') <> 'Core.End' THEN 1 ELSE 0 END) AS j FROM json_each(OLD.history_json) e GROUP BY 2)
    WHERE step_id IS NOT NULL
    GROUP BY workflow_id, step_id HAVING SUM(r) <> 0 OR SUM(c) <> 0 OR SUM(j) <> 0
    ON CONFLICT (workflow_id, step_id) DO UPDATE SET
        reached = reached + excluded.reached, completed = completed + excluded.completed, rejected = rejected + excluded.rejected;
    INSERT INTO funnel_durations (workflow_id, step_id, duration_ms, executions)
    SELECT workflow_id, step_id, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket, SUM(n) FROM (
        SELECT workflow_id, step_id, n, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000
            WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END AS p FROM (
            SELECT OLD.workflow_id AS workflow_id, json_extract(e.value, '$.stepId') AS step_id, -1 AS n, CAST(round((julianday(json_extract(e.value, '$.finishedAt')) - julianday(json_extract(e.value, '$.startedAt'))) * 86400000.0) AS INTEGER) AS d FROM json_each(OLD.history_json) e WHERE json_extract(e.value, '$.status') = 'Completed')
        WHERE d IS NOT NULL AND step_id IS NOT NULL)
    GROUP BY workflow_id, step_id, bucket HAVING SUM(n) <> 0
    ON CONFLICT (workflow_id, step_id, duration_ms) DO UPDATE SET executions = executions + excluded.executions;
END;

CREATE TRIGGER IF NOT EXISTS tr_instances_counts_update AFTER UPDATE OF workflow_id, status, outcome ON instances
WHEN OLD.workflow_id IS NOT NEW.workflow_id OR OLD.status IS NOT NEW.status OR OLD.outcome IS NOT NEW.outcome BEGIN
    INSERT INTO instance_counts (workflow_id, status, outcome, count) VALUES (OLD.workflow_id, OLD.status, COALESCE(OLD.outcome, ''), -1)
    ON CONFLICT (workflow_id, status, outcome) DO UPDATE SET count = count + excluded.count;
    INSERT INTO instance_counts (workflow_id, status, outcome, count) VALUES (NEW.workflow_id, NEW.status, COALESCE(NEW.outcome, ''), 1)
    ON CONFLICT (workflow_id, status, outcome) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER IF NOT EXISTS tr_instances_funnel_update AFTER UPDATE OF workflow_id, outcome, history_json ON instances
WHEN OLD.workflow_id IS NOT NEW.workflow_id OR OLD.outcome IS NOT NEW.outcome OR OLD.history_json IS NOT NEW.history_json BEGIN
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
