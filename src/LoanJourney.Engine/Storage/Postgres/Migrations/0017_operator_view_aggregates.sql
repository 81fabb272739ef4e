-- Issue 17: the operator views (funnel, instance list counts) read aggregates kept up to date by a trigger in the same
-- transaction as the instance row they count, so their cost does not grow with history. A trigger, not engine code,
-- keeps them: every writer of instances (step commits, cancel, retry, erasure, retention, migrations between versions, a
-- manual DELETE) is covered. 0017 (the issue number) leaves 0016 to a branch that lands before it.
--
-- Every aggregate row has a slot (a hash of the instance id, 0-7): concurrent commits on several nodes update
-- different rows instead of queueing on one hot counter; readers sum the slots. Each trigger writes its rows in key
-- order, so two transactions never wait on each other in opposite orders.
CREATE TABLE IF NOT EXISTS instance_counts (
    workflow_id text     NOT NULL,
    slot        smallint NOT NULL,
    status      text     NOT NULL,
    outcome     text     NOT NULL,
    count       bigint   NOT NULL,
    PRIMARY KEY (workflow_id, slot, status, outcome)
);

-- Per workflow and step: journeys whose history started the step at least once, completed (or skipped) it at least
-- once, and ended with the outcome 'Rejected' after the step completed with that outcome (not a Core.End step).
CREATE TABLE IF NOT EXISTS funnel_steps (
    workflow_id text     NOT NULL,
    slot        smallint NOT NULL,
    step_id     text     NOT NULL,
    reached     bigint   NOT NULL,
    completed   bigint   NOT NULL,
    rejected    bigint   NOT NULL,
    PRIMARY KEY (workflow_id, slot, step_id)
);

-- Completed step executions by duration: exact milliseconds below one second, three significant digits above.
CREATE TABLE IF NOT EXISTS funnel_durations (
    workflow_id text     NOT NULL,
    slot        smallint NOT NULL,
    step_id     text     NOT NULL,
    duration_ms bigint   NOT NULL,
    executions  bigint   NOT NULL,
    PRIMARY KEY (workflow_id, slot, step_id, duration_ms)
);

CREATE INDEX IF NOT EXISTS ix_instances_created ON instances (created_at, id);
CREATE INDEX IF NOT EXISTS ix_instances_workflow_created ON instances (workflow_id, created_at, id);
CREATE INDEX IF NOT EXISTS ix_instances_outcome ON instances (outcome, created_at, id) WHERE outcome IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_instances_current ON instances (workflow_id, status, current_step);
-- The hasIncident filter starts from the open incidents.
CREATE INDEX IF NOT EXISTS ix_incidents_open ON incidents (instance_id) WHERE resolved_at IS NULL;

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

    INSERT INTO funnel_durations (workflow_id, slot, step_id, duration_ms, executions)
    SELECT wf, s, step_id, bucket, SUM(n) FROM (
        SELECT wf, step_id, n, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket FROM (
            SELECT wf, step_id, n, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000
                WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END::bigint AS p FROM (
            SELECT new_wf AS wf, e ->> 'stepId' AS step_id, 1 AS n, round(EXTRACT(EPOCH FROM ((e ->> 'finishedAt')::timestamptz - (e ->> 'startedAt')::timestamptz)) * 1000)::bigint AS d FROM jsonb_array_elements(new_h) e WHERE e ->> 'status' = 'Completed'
            UNION ALL
            SELECT old_wf AS wf, e ->> 'stepId' AS step_id, -1 AS n, round(EXTRACT(EPOCH FROM ((e ->> 'finishedAt')::timestamptz - (e ->> 'startedAt')::timestamptz)) * 1000)::bigint AS d FROM jsonb_array_elements(old_h) e WHERE e ->> 'status' = 'Completed') x
            WHERE d IS NOT NULL AND step_id IS NOT NULL AND wf IS NOT NULL) y) z
    GROUP BY wf, step_id, bucket HAVING SUM(n) <> 0 ORDER BY wf, step_id, bucket
    ON CONFLICT (workflow_id, slot, step_id, duration_ms) DO UPDATE SET executions = funnel_durations.executions + excluded.executions;
$$;

CREATE OR REPLACE FUNCTION lj_instances_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM lj_aggregate_instance(NULL, NULL, NULL, '[]'::jsonb, NEW.workflow_id, NEW.status, NEW.outcome, NEW.history_json::jsonb,
            (hashtext(NEW.id) & 7)::smallint);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM lj_aggregate_instance(OLD.workflow_id, OLD.status, OLD.outcome, OLD.history_json::jsonb, NULL, NULL, NULL, '[]'::jsonb,
            (hashtext(OLD.id) & 7)::smallint);
    ELSIF OLD.history_json IS DISTINCT FROM NEW.history_json OR OLD.workflow_id IS DISTINCT FROM NEW.workflow_id
          OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.status IS DISTINCT FROM NEW.status THEN
        PERFORM lj_aggregate_instance(OLD.workflow_id, OLD.status, OLD.outcome, OLD.history_json::jsonb,
            NEW.workflow_id, NEW.status, NEW.outcome, NEW.history_json::jsonb, (hashtext(NEW.id) & 7)::smallint);
    END IF;
    RETURN NULL;
END;
$$;

-- Back-fill from the rows already there, then keep up.
INSERT INTO instance_counts (workflow_id, slot, status, outcome, count)
SELECT workflow_id, (hashtext(id) & 7)::smallint, status, COALESCE(outcome, ''), COUNT(*) FROM instances GROUP BY 1, 2, 3, 4;

INSERT INTO funnel_steps (workflow_id, slot, step_id, reached, completed, rejected)
SELECT workflow_id, slot, step_id, COUNT(*), SUM(c), SUM(j) FROM (
    SELECT i.workflow_id, (hashtext(i.id) & 7)::smallint AS slot, i.id, e ->> 'stepId' AS step_id,
           MAX(CASE WHEN e ->> 'status' IN ('Completed', 'Skipped') THEN 1 ELSE 0 END) AS c,
           MAX(CASE WHEN i.outcome = 'Rejected' AND e ->> 'outcome' = 'Rejected' AND e ->> 'status' = 'Completed' AND e ->> 'activity' <> 'Core.End' THEN 1 ELSE 0 END) AS j
    FROM instances i CROSS JOIN LATERAL jsonb_array_elements(i.history_json::jsonb) e GROUP BY 1, 2, 3, 4) d
WHERE step_id IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO funnel_durations (workflow_id, slot, step_id, duration_ms, executions)
SELECT workflow_id, slot, step_id, CASE WHEN d < 1000 THEN d ELSE ((d + p / 2) / p) * p END AS bucket, COUNT(*) FROM (
    SELECT workflow_id, slot, step_id, d, CASE WHEN d < 10000 THEN 10 WHEN d < 100000 THEN 100 WHEN d < 1000000 THEN 1000 WHEN d < 10000000 THEN 10000
        WHEN d < 100000000 THEN 100000 WHEN d < 1000000000 THEN 1000000 WHEN d < 10000000000 THEN 10000000 ELSE 100000000 END::bigint AS p FROM (
        SELECT i.workflow_id, (hashtext(i.id) & 7)::smallint AS slot, e ->> 'stepId' AS step_id,
               round(EXTRACT(EPOCH FROM ((e ->> 'finishedAt')::timestamptz - (e ->> 'startedAt')::timestamptz)) * 1000)::bigint AS d
        FROM instances i CROSS JOIN LATERAL jsonb_array_elements(i.history_json::jsonb) e WHERE e ->> 'status' = 'Completed') x
    WHERE d IS NOT NULL AND step_id IS NOT NULL) y
GROUP BY 1, 2, 3, 4;

DROP TRIGGER IF EXISTS tr_instances_aggregates ON instances;
CREATE TRIGGER tr_instances_aggregates AFTER INSERT OR DELETE OR UPDATE OF workflow_id, status, outcome, history_json ON instances
    FOR EACH ROW EXECUTE FUNCTION lj_instances_aggregates();
