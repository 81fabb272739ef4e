-- Issue 17, operator views round 2: the parts of the views that still read live rows (the funnel's journeys waiting or
-- faulted at each step now, the hasIncident filter and its counts, waitingLongerThan) read aggregates and columns kept
-- by triggers (or computed by the row itself) in the transaction of the change, as 0017's and 0018's are, so every
-- writer (step commits, incidents opened and resolved, retry, cancel, erasure, retention, a migration between versions,
-- a manual DELETE) is covered. Aggregate rows have 0017's slots (hash of the instance id, 0-7) and are written in key order.
--
-- Journeys waiting or faulted at a step now, per workflow: the funnel's "waiting" and "faulted" columns.
CREATE TABLE IF NOT EXISTS current_step_counts (
    workflow_id text     NOT NULL,
    slot        smallint NOT NULL,
    step_id     text     NOT NULL,
    status      text     NOT NULL,
    count       bigint   NOT NULL,
    PRIMARY KEY (workflow_id, slot, step_id, status)
);

INSERT INTO current_step_counts (workflow_id, slot, step_id, status, count)
SELECT workflow_id, (hashtext(id) & 7)::smallint, current_step, status, COUNT(*) FROM instances
WHERE status IN ('Waiting', 'Faulted') AND current_step IS NOT NULL GROUP BY 1, 2, 3, 4;

CREATE OR REPLACE FUNCTION lj_instances_current_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO current_step_counts (workflow_id, slot, step_id, status, count)
    SELECT wf, s, step, st, SUM(n) FROM (
            SELECT OLD.workflow_id AS wf, (hashtext(OLD.id) & 7)::smallint AS s, OLD.current_step AS step, OLD.status AS st, -1 AS n
            WHERE TG_OP <> 'INSERT' AND OLD.status IN ('Waiting', 'Faulted') AND OLD.current_step IS NOT NULL
            UNION ALL
            SELECT NEW.workflow_id, (hashtext(NEW.id) & 7)::smallint, NEW.current_step, NEW.status, 1
            WHERE TG_OP <> 'DELETE' AND NEW.status IN ('Waiting', 'Faulted') AND NEW.current_step IS NOT NULL) d
    GROUP BY wf, s, step, st HAVING SUM(n) <> 0 ORDER BY wf, s, step, st
    ON CONFLICT (workflow_id, slot, step_id, status) DO UPDATE SET count = current_step_counts.count + excluded.count;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tr_instances_current_steps_insert ON instances;
CREATE TRIGGER tr_instances_current_steps_insert AFTER INSERT ON instances
    FOR EACH ROW WHEN (NEW.status IN ('Waiting', 'Faulted') AND NEW.current_step IS NOT NULL)
    EXECUTE FUNCTION lj_instances_current_steps();
DROP TRIGGER IF EXISTS tr_instances_current_steps_delete ON instances;
CREATE TRIGGER tr_instances_current_steps_delete AFTER DELETE ON instances
    FOR EACH ROW WHEN (OLD.status IN ('Waiting', 'Faulted') AND OLD.current_step IS NOT NULL)
    EXECUTE FUNCTION lj_instances_current_steps();
DROP TRIGGER IF EXISTS tr_instances_current_steps_update ON instances;
CREATE TRIGGER tr_instances_current_steps_update AFTER UPDATE OF workflow_id, status, current_step ON instances
    FOR EACH ROW WHEN ((OLD.workflow_id IS DISTINCT FROM NEW.workflow_id OR OLD.status IS DISTINCT FROM NEW.status
                        OR OLD.current_step IS DISTINCT FROM NEW.current_step)
                       AND ((OLD.status IN ('Waiting', 'Faulted') AND OLD.current_step IS NOT NULL)
                            OR (NEW.status IN ('Waiting', 'Faulted') AND NEW.current_step IS NOT NULL)))
    EXECUTE FUNCTION lj_instances_current_steps();

-- The open incidents of each journey, kept by the incidents' own writes: hasIncident reads this column (and the index
-- and aggregate below) instead of probing the incidents of every row. ADD COLUMN with a constant default does not
-- rewrite the table.
ALTER TABLE instances ADD COLUMN IF NOT EXISTS open_incidents integer NOT NULL DEFAULT 0;

UPDATE instances i SET open_incidents = x.n
FROM (SELECT instance_id, COUNT(*)::integer AS n FROM incidents WHERE resolved_at IS NULL GROUP BY instance_id) x
WHERE i.id = x.instance_id;

CREATE OR REPLACE FUNCTION lj_incidents_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.resolved_at IS NULL THEN
        UPDATE instances SET open_incidents = open_incidents - 1 WHERE id = OLD.instance_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.resolved_at IS NULL THEN
        UPDATE instances SET open_incidents = open_incidents + 1 WHERE id = NEW.instance_id;
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tr_incidents_open_insert ON incidents;
CREATE TRIGGER tr_incidents_open_insert AFTER INSERT ON incidents
    FOR EACH ROW WHEN (NEW.resolved_at IS NULL) EXECUTE FUNCTION lj_incidents_open();
DROP TRIGGER IF EXISTS tr_incidents_open_delete ON incidents;
CREATE TRIGGER tr_incidents_open_delete AFTER DELETE ON incidents
    FOR EACH ROW WHEN (OLD.resolved_at IS NULL) EXECUTE FUNCTION lj_incidents_open();
DROP TRIGGER IF EXISTS tr_incidents_open_update ON incidents;
CREATE TRIGGER tr_incidents_open_update AFTER UPDATE OF instance_id, resolved_at ON incidents
    FOR EACH ROW WHEN ((OLD.resolved_at IS NULL) <> (NEW.resolved_at IS NULL) OR OLD.instance_id IS DISTINCT FROM NEW.instance_id)
    EXECUTE FUNCTION lj_incidents_open();

-- Journeys with an open incident per workflow, version, status and outcome: hasIncident=true's total and counts by
-- status (and hasIncident=false's, as instance_version_counts minus these).
CREATE TABLE IF NOT EXISTS incident_counts (
    workflow_id      text     NOT NULL,
    workflow_version bigint   NOT NULL,
    slot             smallint NOT NULL,
    status           text     NOT NULL,
    outcome          text     NOT NULL,
    count            bigint   NOT NULL,
    PRIMARY KEY (workflow_id, workflow_version, slot, status, outcome)
);

INSERT INTO incident_counts (workflow_id, workflow_version, slot, status, outcome, count)
SELECT workflow_id, workflow_version, (hashtext(id) & 7)::smallint, status, COALESCE(outcome, ''), COUNT(*) FROM instances
WHERE id IN (SELECT instance_id FROM incidents WHERE resolved_at IS NULL) AND open_incidents > 0 GROUP BY 1, 2, 3, 4, 5;

CREATE OR REPLACE FUNCTION lj_instances_incident_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incident_counts (workflow_id, workflow_version, slot, status, outcome, count)
    SELECT wf, v, s, st, o, SUM(n) FROM (
            SELECT OLD.workflow_id AS wf, OLD.workflow_version AS v, (hashtext(OLD.id) & 7)::smallint AS s, OLD.status AS st,
                   COALESCE(OLD.outcome, '') AS o, -1 AS n WHERE TG_OP <> 'INSERT' AND OLD.open_incidents > 0
            UNION ALL
            SELECT NEW.workflow_id, NEW.workflow_version, (hashtext(NEW.id) & 7)::smallint, NEW.status, COALESCE(NEW.outcome, ''), 1
            WHERE TG_OP <> 'DELETE' AND NEW.open_incidents > 0) d
    GROUP BY wf, v, s, st, o HAVING SUM(n) <> 0 ORDER BY wf, v, s, st, o
    ON CONFLICT (workflow_id, workflow_version, slot, status, outcome) DO UPDATE SET count = incident_counts.count + excluded.count;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tr_instances_incident_counts_insert ON instances;
CREATE TRIGGER tr_instances_incident_counts_insert AFTER INSERT ON instances
    FOR EACH ROW WHEN (NEW.open_incidents > 0) EXECUTE FUNCTION lj_instances_incident_counts();
DROP TRIGGER IF EXISTS tr_instances_incident_counts_delete ON instances;
CREATE TRIGGER tr_instances_incident_counts_delete AFTER DELETE ON instances
    FOR EACH ROW WHEN (OLD.open_incidents > 0) EXECUTE FUNCTION lj_instances_incident_counts();
DROP TRIGGER IF EXISTS tr_instances_incident_counts_update ON instances;
CREATE TRIGGER tr_instances_incident_counts_update AFTER UPDATE OF workflow_id, workflow_version, status, outcome, open_incidents ON instances
    FOR EACH ROW WHEN ((OLD.open_incidents > 0 OR NEW.open_incidents > 0)
                       AND (OLD.workflow_id IS DISTINCT FROM NEW.workflow_id OR OLD.workflow_version IS DISTINCT FROM NEW.workflow_version
                            OR OLD.status IS DISTINCT FROM NEW.status OR OLD.outcome IS DISTINCT FROM NEW.outcome
                            OR (OLD.open_incidents > 0) <> (NEW.open_incidents > 0)))
    EXECUTE FUNCTION lj_instances_incident_counts();

-- hasIncident=true's page, newest first: the journeys with an open incident in creation order, nothing else.
CREATE INDEX IF NOT EXISTS ix_instances_incident_created ON instances (created_at, id) WHERE open_incidents > 0;

-- waitingLongerThan: when a waiting journey's current wait started (the last history entry's startedAt, ISO 8601 UTC
-- text as the engine writes it), stored by the row itself on every write (a generated column: no writer can forget it),
-- so the count of "stuck longer than" reads the index alone (PostgreSQL cannot answer a count from an expression index
-- without reading the rows). Adding it rewrites the table once.
ALTER TABLE instances ADD COLUMN IF NOT EXISTS waiting_since text
    GENERATED ALWAYS AS (CASE WHEN status = 'Waiting' THEN (history_json::jsonb -> -1 ->> 'startedAt') END) STORED;
DROP INDEX IF EXISTS ix_instances_waiting_since;
CREATE INDEX ix_instances_waiting_since ON instances (waiting_since, status) WHERE status = 'Waiting';

-- The funnel's duration buckets without 0017's slots: the median reads one row per (step, bucket), ~12,000 for the
-- personal loan however many journeys ran, instead of eight (98,600 rows read and summed on every funnel). Slots keep
-- the few hot counter rows (instance_counts, funnel_steps) from queueing commits of several nodes; a bucket row is hit by
-- two commits at once only when both finish the same step in the same millisecond bucket (a short row-lock wait, no
-- deadlock: the trigger still writes in key order).
CREATE TABLE IF NOT EXISTS funnel_durations_unslotted (
    workflow_id text   NOT NULL,
    step_id     text   NOT NULL,
    duration_ms bigint NOT NULL,
    executions  bigint NOT NULL,
    PRIMARY KEY (workflow_id, step_id, duration_ms)
);

INSERT INTO funnel_durations_unslotted (workflow_id, step_id, duration_ms, executions)
SELECT workflow_id, step_id, duration_ms, SUM(executions) FROM funnel_durations GROUP BY 1, 2, 3 HAVING SUM(executions) <> 0;

DROP TABLE funnel_durations;
ALTER TABLE funnel_durations_unslotted RENAME TO funnel_durations;
ALTER INDEX funnel_durations_unslotted_pkey RENAME TO funnel_durations_pkey;

-- 0017's function, writing the durations without a slot (the other two tables keep theirs).
CREATE OR REPLACE FUNCTION lj_aggregate_instance(old_wf text, old_status text, old_outcome text, old_h jsonb,
                                                 new_wf text, new_status text, new_outcome text, new_h jsonb, s smallint)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO instance_counts (workflow_id, slot, status, outcome, count)
    SELECT wf, s, st, o, SUM(n) FROM (
            SELECT old_wf AS wf, old_status AS st, COALESCE(old_outcome, '') AS o, -1 AS n WHERE old_wf IS NOT NULL
            UNION ALL
            SELECT new_wf, new_status, COALESCE(new_outcome, ''), 1 WHERE new_wf IS NOT NULL) d
    GROUP BY wf, st, o HAVING SUM(n) <> 0 ORDER BY wf, st, o
    ON CONFLICT (workflow_id, slot, status, outcome) DO UPDATE SET count = instance_counts.count + excluded.count;

    INSERT INTO funnel_steps (workflow_id, slot, step_id, reached, completed, rejected)
    SELECT wf, s, step_id, SUM(r), SUM(c), SUM(j) FROM (
            SELECT new_wf AS wf, e ->> 'stepId' AS step_id, 1 AS r, MAX(CASE WHEN e ->> 'status' IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS c, MAX(CASE WHEN new_outcome = 'Rejected' AND e ->> 'outcome' = 'Rejected' AND e ->> 'status' = 'Completed' AND e ->> 'activity' <> 'Core.End' THEN 1 ELSE 0 END) AS j FROM jsonb_array_elements(new_h) e GROUP BY 2
            UNION ALL
            SELECT old_wf AS wf, e ->> 'stepId' AS step_id, -1 AS r, -MAX(CASE WHEN e ->> 'status' IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS c, -MAX(CASE WHEN old_outcome = 'Rejected' AND e ->> 'outcome' = 'Rejected' AND e ->> 'status' = 'Completed' AND e ->> 'activity' <> 'Core.End' THEN 1 ELSE 0 END) AS j FROM jsonb_array_elements(old_h) e GROUP BY 2) d
    WHERE step_id IS NOT NULL AND wf IS NOT NULL
    GROUP BY wf, step_id HAVING SUM(r) <> 0 OR SUM(c) <> 0 OR SUM(j) <> 0 ORDER BY wf, step_id
    ON CONFLICT (workflow_id, slot, step_id) DO UPDATE SET reached = funnel_steps.reached + excluded.reached,
        completed = funnel_steps.completed + excluded.completed, rejected = funnel_steps.rejected + excluded.rejected;

    INSERT INTO funnel_durations (workflow_id, step_id, duration_ms, executions)
    SELECT wf, step_id, bucket, SUM(n) FROM (
        SELECT wf, step_id, n, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket FROM (
            SELECT wf, step_id, n, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000
                WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END::bigint AS p FROM (
            SELECT new_wf AS wf, e ->> 'stepId' AS step_id, 1 AS n, round(EXTRACT(EPOCH FROM ((e ->> 'finishedAt')::timestamptz - (e ->> 'startedAt')::timestamptz)) * 1000)::bigint AS d FROM jsonb_array_elements(new_h) e WHERE e ->> 'status' = 'Completed'
            UNION ALL
            SELECT old_wf AS wf, e ->> 'stepId' AS step_id, -1 AS n, round(EXTRACT(EPOCH FROM ((e ->> 'finishedAt')::timestamptz - (e ->> 'startedAt')::timestamptz)) * 1000)::bigint AS d FROM jsonb_array_elements(old_h) e WHERE e ->> 'status' = 'Completed') x
            WHERE d IS NOT NULL AND step_id IS NOT NULL AND wf IS NOT NULL) y) z
    GROUP BY wf, step_id, bucket HAVING SUM(n) <> 0 ORDER BY wf, step_id, bucket
    ON CONFLICT (workflow_id, step_id, duration_ms) DO UPDATE SET executions = funnel_durations.executions + excluded.executions;
$$;
