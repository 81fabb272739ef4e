-- Issue 17, PostgreSQL journeys round 5 (i17pg): the operator-view counters stop queueing commits, and stop being planned
-- on every call.
--
-- 1. Slots by writing session. 0017's slot was a hash of the instance id (0-7): every status change of a journey (16 per
--    personal loan: Running <-> Waiting at each poll) moved a count between two rows of its slot, and those rows stayed
--    locked until the commit had flushed. With 16 runners and 64 journeys in flight, commits queued on 8 pairs of rows
--    (pg_stat_activity: 3-4 sessions in Lock:transactionid at any time; a journey's start INSERT waited ~1.4 s on its
--    slot's 'Running' row). A count does not belong to an instance: readers sum the slots, and a journey counted +1 in
--    one slot and -1 in another sums the same. So the slot is now the writing session's (pg_backend_pid() & 63): one
--    backend runs one transaction at a time, so two concurrent commits touch the same counter row only when their
--    backends' pids agree in the low six bits. Rows are still written in key order (no lock-order deadlock). A slot's own
--    count may now be negative; only sums are read (OperatorViewAggregates, the funnel).
-- 2. lj_aggregate_instance was LANGUAGE sql: PostgreSQL parses and plans an SQL function's statements on every call (1.4 ms
--    of planning per call for the durations statement alone, measured). It is now plpgsql (same body), whose plans are
--    cached per session. And a commit by the engine (funnel_version moved) with a status change upserts instance_counts
--    only, inline, instead of calling it with empty histories (two funnel statements that wrote nothing).
CREATE OR REPLACE FUNCTION lj_session_slot() RETURNS smallint LANGUAGE sql STABLE AS $$
    SELECT (pg_backend_pid() & 63)::smallint
$$;

CREATE OR REPLACE FUNCTION lj_aggregate_instance(old_wf text, old_status text, old_outcome text, old_h jsonb,
                                                 new_wf text, new_status text, new_outcome text, new_h jsonb, s smallint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
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
END;
$$;

CREATE OR REPLACE FUNCTION lj_instances_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM lj_aggregate_instance(NULL, NULL, NULL, '[]'::jsonb, NEW.workflow_id, NEW.status, NEW.outcome, NEW.history_json::jsonb,
            lj_session_slot());
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM lj_aggregate_instance(OLD.workflow_id, OLD.status, OLD.outcome, OLD.history_json::jsonb, NULL, NULL, NULL, '[]'::jsonb,
            lj_session_slot());
    ELSIF OLD.funnel_version IS DISTINCT FROM NEW.funnel_version THEN
        -- The writer applied the funnel's change itself: the counts only, and only when they move.
        IF OLD.workflow_id IS DISTINCT FROM NEW.workflow_id OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.status IS DISTINCT FROM NEW.status THEN
            INSERT INTO instance_counts (workflow_id, slot, status, outcome, count)
            SELECT wf, lj_session_slot(), st, o, SUM(n) FROM (
                    SELECT OLD.workflow_id AS wf, OLD.status AS st, COALESCE(OLD.outcome, '') AS o, -1 AS n
                    UNION ALL
                    SELECT NEW.workflow_id, NEW.status, COALESCE(NEW.outcome, ''), 1) d
            GROUP BY wf, st, o HAVING SUM(n) <> 0 ORDER BY wf, st, o
            ON CONFLICT (workflow_id, slot, status, outcome) DO UPDATE SET count = instance_counts.count + excluded.count;
        END IF;
    ELSIF OLD.history_json IS DISTINCT FROM NEW.history_json OR OLD.workflow_id IS DISTINCT FROM NEW.workflow_id
          OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.status IS DISTINCT FROM NEW.status THEN
        PERFORM lj_aggregate_instance(OLD.workflow_id, OLD.status, OLD.outcome, OLD.history_json::jsonb,
            NEW.workflow_id, NEW.status, NEW.outcome, NEW.history_json::jsonb, lj_session_slot());
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION lj_instances_version_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Old row's -1 and new row's +1 in key order (no lock-order deadlock between two single-instance commits).
    INSERT INTO instance_version_counts (workflow_id, workflow_version, slot, status, outcome, count)
    SELECT wf, v, s, st, o, SUM(n) FROM (
            SELECT OLD.workflow_id AS wf, OLD.workflow_version AS v, lj_session_slot() AS s, OLD.status AS st,
                   COALESCE(OLD.outcome, '') AS o, -1 AS n WHERE TG_OP <> 'INSERT'
            UNION ALL
            SELECT NEW.workflow_id, NEW.workflow_version, lj_session_slot(), NEW.status, COALESCE(NEW.outcome, ''), 1
            WHERE TG_OP <> 'DELETE') d
    GROUP BY wf, v, s, st, o HAVING SUM(n) <> 0 ORDER BY wf, v, s, st, o
    ON CONFLICT (workflow_id, workflow_version, slot, status, outcome) DO UPDATE SET count = instance_version_counts.count + excluded.count;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION lj_instances_current_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO current_step_counts (workflow_id, slot, step_id, status, count)
    SELECT wf, s, step, st, SUM(n) FROM (
            SELECT OLD.workflow_id AS wf, lj_session_slot() AS s, OLD.current_step AS step, OLD.status AS st, -1 AS n
            WHERE TG_OP <> 'INSERT' AND OLD.status IN ('Waiting', 'Faulted') AND OLD.current_step IS NOT NULL
            UNION ALL
            SELECT NEW.workflow_id, lj_session_slot(), NEW.current_step, NEW.status, 1
            WHERE TG_OP <> 'DELETE' AND NEW.status IN ('Waiting', 'Faulted') AND NEW.current_step IS NOT NULL) d
    GROUP BY wf, s, step, st HAVING SUM(n) <> 0 ORDER BY wf, s, step, st
    ON CONFLICT (workflow_id, slot, step_id, status) DO UPDATE SET count = current_step_counts.count + excluded.count;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION lj_instances_incident_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incident_counts (workflow_id, workflow_version, slot, status, outcome, count)
    SELECT wf, v, s, st, o, SUM(n) FROM (
            SELECT OLD.workflow_id AS wf, OLD.workflow_version AS v, lj_session_slot() AS s, OLD.status AS st,
                   COALESCE(OLD.outcome, '') AS o, -1 AS n WHERE TG_OP <> 'INSERT' AND OLD.open_incidents > 0
            UNION ALL
            SELECT NEW.workflow_id, NEW.workflow_version, lj_session_slot(), NEW.status, COALESCE(NEW.outcome, ''), 1
            WHERE TG_OP <> 'DELETE' AND NEW.open_incidents > 0) d
    GROUP BY wf, v, s, st, o HAVING SUM(n) <> 0 ORDER BY wf, v, s, st, o
    ON CONFLICT (workflow_id, workflow_version, slot, status, outcome) DO UPDATE SET count = incident_counts.count + excluded.count;
    RETURN NULL;
END;
$$;
