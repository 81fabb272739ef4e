-- Issue 17: every filter of GET /api/instances answers from an index or an aggregate, not by reading history.
--
-- Journeys per workflow, version, status and outcome ('' for none): the list's total and counts by status when a
-- version is asked (instance_counts of 0017 sums all versions). Its own triggers, so 0017's are left as they are;
-- the UPDATE trigger (0017's, replaced below) runs only when one of its four columns changes (a status change, a
-- migration between versions).
CREATE TABLE IF NOT EXISTS instance_version_counts (
    workflow_id      TEXT    NOT NULL,
    workflow_version INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    outcome          TEXT    NOT NULL,
    count            INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, workflow_version, status, outcome)
) WITHOUT ROWID;

INSERT INTO instance_version_counts (workflow_id, workflow_version, status, outcome, count)
SELECT workflow_id, workflow_version, status, COALESCE(outcome, ''), COUNT(*) FROM instances GROUP BY 1, 2, 3, 4;

CREATE TRIGGER IF NOT EXISTS tr_instances_version_counts_insert AFTER INSERT ON instances BEGIN
    INSERT INTO instance_version_counts (workflow_id, workflow_version, status, outcome, count)
    VALUES (NEW.workflow_id, NEW.workflow_version, NEW.status, COALESCE(NEW.outcome, ''), 1)
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER IF NOT EXISTS tr_instances_version_counts_delete AFTER DELETE ON instances BEGIN
    INSERT INTO instance_version_counts (workflow_id, workflow_version, status, outcome, count)
    VALUES (OLD.workflow_id, OLD.workflow_version, OLD.status, COALESCE(OLD.outcome, ''), -1)
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
END;

-- 0017's status trigger is replaced by one that keeps both count tables: a step commit still enters one counts
-- trigger with a false WHEN (StatementCountTests bounds it), not two.
DROP TRIGGER IF EXISTS tr_instances_counts_update;
CREATE TRIGGER tr_instances_counts_update AFTER UPDATE OF workflow_id, workflow_version, status, outcome ON instances
WHEN OLD.workflow_id IS NOT NEW.workflow_id OR OLD.workflow_version IS NOT NEW.workflow_version OR OLD.status IS NOT NEW.status
     OR OLD.outcome IS NOT NEW.outcome BEGIN
    INSERT INTO instance_counts (workflow_id, status, outcome, count) VALUES (OLD.workflow_id, OLD.status, COALESCE(OLD.outcome, ''), -1)
    ON CONFLICT (workflow_id, status, outcome) DO UPDATE SET count = count + excluded.count;
    INSERT INTO instance_counts (workflow_id, status, outcome, count) VALUES (NEW.workflow_id, NEW.status, COALESCE(NEW.outcome, ''), 1)
    ON CONFLICT (workflow_id, status, outcome) DO UPDATE SET count = count + excluded.count;
    INSERT INTO instance_version_counts (workflow_id, workflow_version, status, outcome, count)
    VALUES (OLD.workflow_id, OLD.workflow_version, OLD.status, COALESCE(OLD.outcome, ''), -1)
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
    INSERT INTO instance_version_counts (workflow_id, workflow_version, status, outcome, count)
    VALUES (NEW.workflow_id, NEW.workflow_version, NEW.status, COALESCE(NEW.outcome, ''), 1)
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
END;

-- A version's first page, newest first, walks its own index instead of all history in creation order (an old version
-- with few journeys left would otherwise read every row).
CREATE INDEX IF NOT EXISTS ix_instances_version_created ON instances (workflow_version, created_at, id);

-- waitingLongerThan: the journeys waiting now, by when their current wait started (the last history entry's
-- startedAt, ISO 8601 UTC text as the engine writes it), so "stuck longer than" is a range of this index; with the
-- status in it the count reads the index alone, not the rows.
CREATE INDEX IF NOT EXISTS ix_instances_waiting_since ON instances (json_extract(history_json, '$[#-1].startedAt'), status) WHERE status = 'Waiting';
