-- Issue 17: every filter of GET /api/instances answers from an index or an aggregate, not by reading history.
--
-- Journeys per workflow, version, status and outcome ('' for none), in slots as 0017's tables: the list's total and
-- counts by status when a version is asked (instance_counts of 0017 sums all versions). Its own trigger, so 0017's is
-- left as it is; on UPDATE it runs only when one of its four columns changes (a status change, a version migration).
CREATE TABLE IF NOT EXISTS instance_version_counts (
    workflow_id      text     NOT NULL,
    workflow_version bigint   NOT NULL,
    slot             smallint NOT NULL,
    status           text     NOT NULL,
    outcome          text     NOT NULL,
    count            bigint   NOT NULL,
    PRIMARY KEY (workflow_id, workflow_version, slot, status, outcome)
);

INSERT INTO instance_version_counts (workflow_id, workflow_version, slot, status, outcome, count)
SELECT workflow_id, workflow_version, (hashtext(id) & 7)::smallint, status, COALESCE(outcome, ''), COUNT(*) FROM instances GROUP BY 1, 2, 3, 4, 5;

CREATE OR REPLACE FUNCTION lj_instances_version_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Old row's -1 and new row's +1 in key order (no lock-order deadlock between two single-instance commits).
    INSERT INTO instance_version_counts (workflow_id, workflow_version, slot, status, outcome, count)
    SELECT wf, v, s, st, o, SUM(n) FROM (
            SELECT OLD.workflow_id AS wf, OLD.workflow_version AS v, (hashtext(OLD.id) & 7)::smallint AS s, OLD.status AS st,
                   COALESCE(OLD.outcome, '') AS o, -1 AS n WHERE TG_OP <> 'INSERT'
            UNION ALL
            SELECT NEW.workflow_id, NEW.workflow_version, (hashtext(NEW.id) & 7)::smallint, NEW.status, COALESCE(NEW.outcome, ''), 1
            WHERE TG_OP <> 'DELETE') d
    GROUP BY wf, v, s, st, o HAVING SUM(n) <> 0 ORDER BY wf, v, s, st, o
    ON CONFLICT (workflow_id, workflow_version, slot, status, outcome) DO UPDATE SET count = instance_version_counts.count + excluded.count;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tr_instances_version_counts ON instances;
CREATE TRIGGER tr_instances_version_counts AFTER INSERT OR DELETE ON instances
    FOR EACH ROW EXECUTE FUNCTION lj_instances_version_counts();
DROP TRIGGER IF EXISTS tr_instances_version_counts_update ON instances;
CREATE TRIGGER tr_instances_version_counts_update AFTER UPDATE OF workflow_id, workflow_version, status, outcome ON instances
    FOR EACH ROW WHEN (OLD.workflow_id IS DISTINCT FROM NEW.workflow_id OR OLD.workflow_version IS DISTINCT FROM NEW.workflow_version
                       OR OLD.status IS DISTINCT FROM NEW.status OR OLD.outcome IS DISTINCT FROM NEW.outcome)
    EXECUTE FUNCTION lj_instances_version_counts();

-- A version's first page, newest first, walks its own index.
CREATE INDEX IF NOT EXISTS ix_instances_version_created ON instances (workflow_version, created_at, id);

-- waitingLongerThan: the journeys waiting now, by when their current wait started (the last history entry's
-- startedAt, ISO 8601 UTC text as the engine writes it), so "stuck longer than" is a range of this index.
CREATE INDEX IF NOT EXISTS ix_instances_waiting_since ON instances (((history_json::jsonb -> -1) ->> 'startedAt')) WHERE status = 'Waiting';
