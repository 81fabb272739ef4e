-- Issue 17, session 12: the funnel's duration buckets in slots by writing session, like every other counter (0022).
--
-- funnel_durations had one row per (workflow, step, duration bucket), and every commit that completes a step upserts the
-- row of its duration's bucket and keeps it locked until the commit has flushed. Durations cluster: a journey's last
-- step (Core.End) always takes 0 ms, so every journey's final commit wrote the same row, and steps that answer in a few
-- milliseconds share a handful of buckets. With 64 journeys in flight, pg_stat_activity showed commits queued on those
-- rows (Lock:transactionid on the durations upsert; its mean time 1.3-1.5 ms for 6 buffer reads, against ~0.1 ms for
-- the steps' upsert next to it, which 0022 had slotted). The row's key now has the writing session's slot
-- (lj_session_slot(), pg_backend_pid() & 63), so two commits in flight write the same row only when their backends'
-- pids agree in the low six bits. Readers already sum the slots (OperatorViewAggregates.MediansSql groups by step and
-- bucket); existing rows keep their counts in slot 0.
ALTER TABLE funnel_durations ADD COLUMN slot smallint NOT NULL DEFAULT 0;
ALTER TABLE funnel_durations DROP CONSTRAINT funnel_durations_pkey;
ALTER TABLE funnel_durations ADD PRIMARY KEY (workflow_id, slot, step_id, duration_ms);
ALTER TABLE funnel_durations ALTER COLUMN slot DROP DEFAULT;

-- The same function as 0022 but for the durations' slot.
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
END;
$$;
