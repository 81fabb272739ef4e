-- Issue 17, operator views round 2: the parts of the views that still read live rows (the funnel's journeys waiting or
-- faulted at each step now, the hasIncident filter and its counts) read aggregates kept by triggers in the transaction
-- of the change itself, as 0017's and 0018's do, so every writer (step commits, incidents opened and resolved, retry,
-- cancel, erasure, retention, a migration between versions, a manual DELETE) is covered.
--
-- Journeys waiting or faulted at a step now, per workflow: the funnel's "waiting" and "faulted" columns.
CREATE TABLE IF NOT EXISTS current_step_counts (
    workflow_id TEXT    NOT NULL,
    step_id     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, step_id, status)
) WITHOUT ROWID;

INSERT INTO current_step_counts (workflow_id, step_id, status, count)
SELECT workflow_id, current_step, status, COUNT(*) FROM instances
WHERE status IN ('Waiting', 'Faulted') AND current_step IS NOT NULL GROUP BY 1, 2, 3;

CREATE TRIGGER IF NOT EXISTS tr_instances_current_steps_insert AFTER INSERT ON instances
WHEN NEW.status IN ('Waiting', 'Faulted') AND NEW.current_step IS NOT NULL BEGIN
    INSERT INTO current_step_counts (workflow_id, step_id, status, count) VALUES (NEW.workflow_id, NEW.current_step, NEW.status, 1)
    ON CONFLICT (workflow_id, step_id, status) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER IF NOT EXISTS tr_instances_current_steps_delete AFTER DELETE ON instances
WHEN OLD.status IN ('Waiting', 'Faulted') AND OLD.current_step IS NOT NULL BEGIN
    INSERT INTO current_step_counts (workflow_id, step_id, status, count) VALUES (OLD.workflow_id, OLD.current_step, OLD.status, -1)
    ON CONFLICT (workflow_id, step_id, status) DO UPDATE SET count = count + excluded.count;
END;

-- A step commit of a running journey enters this trigger with a false WHEN (StatementCountTests bounds it).
CREATE TRIGGER IF NOT EXISTS tr_instances_current_steps_update AFTER UPDATE OF workflow_id, status, current_step ON instances
WHEN (OLD.workflow_id IS NOT NEW.workflow_id OR OLD.status IS NOT NEW.status OR OLD.current_step IS NOT NEW.current_step)
     AND ((OLD.status IN ('Waiting', 'Faulted') AND OLD.current_step IS NOT NULL) OR (NEW.status IN ('Waiting', 'Faulted') AND NEW.current_step IS NOT NULL)) BEGIN
    INSERT INTO current_step_counts (workflow_id, step_id, status, count)
    SELECT OLD.workflow_id, OLD.current_step, OLD.status, -1 WHERE OLD.status IN ('Waiting', 'Faulted') AND OLD.current_step IS NOT NULL
    ON CONFLICT (workflow_id, step_id, status) DO UPDATE SET count = count + excluded.count;
    INSERT INTO current_step_counts (workflow_id, step_id, status, count)
    SELECT NEW.workflow_id, NEW.current_step, NEW.status, 1 WHERE NEW.status IN ('Waiting', 'Faulted') AND NEW.current_step IS NOT NULL
    ON CONFLICT (workflow_id, step_id, status) DO UPDATE SET count = count + excluded.count;
END;

-- The open incidents of each journey, kept by the incidents' own writes: hasIncident reads this column (and the index
-- and aggregate below) instead of probing the incidents of every row.
ALTER TABLE instances ADD COLUMN open_incidents INTEGER NOT NULL DEFAULT 0;

UPDATE instances SET open_incidents = (SELECT COUNT(*) FROM incidents x WHERE x.instance_id = instances.id AND x.resolved_at IS NULL)
WHERE id IN (SELECT instance_id FROM incidents WHERE resolved_at IS NULL);

CREATE TRIGGER IF NOT EXISTS tr_incidents_open_insert AFTER INSERT ON incidents WHEN NEW.resolved_at IS NULL BEGIN
    UPDATE instances SET open_incidents = open_incidents + 1 WHERE id = NEW.instance_id;
END;

CREATE TRIGGER IF NOT EXISTS tr_incidents_open_delete AFTER DELETE ON incidents WHEN OLD.resolved_at IS NULL BEGIN
    UPDATE instances SET open_incidents = open_incidents - 1 WHERE id = OLD.instance_id;
END;

CREATE TRIGGER IF NOT EXISTS tr_incidents_open_update AFTER UPDATE OF instance_id, resolved_at ON incidents
WHEN (OLD.resolved_at IS NULL) <> (NEW.resolved_at IS NULL) OR OLD.instance_id IS NOT NEW.instance_id BEGIN
    UPDATE instances SET open_incidents = open_incidents - 1 WHERE id = OLD.instance_id AND OLD.resolved_at IS NULL;
    UPDATE instances SET open_incidents = open_incidents + 1 WHERE id = NEW.instance_id AND NEW.resolved_at IS NULL;
END;

-- Journeys with an open incident per workflow, version, status and outcome: hasIncident=true's total and counts by
-- status (and hasIncident=false's, as instance_version_counts minus these).
CREATE TABLE IF NOT EXISTS incident_counts (
    workflow_id      TEXT    NOT NULL,
    workflow_version INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    outcome          TEXT    NOT NULL,
    count            INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, workflow_version, status, outcome)
) WITHOUT ROWID;

INSERT INTO incident_counts (workflow_id, workflow_version, status, outcome, count)
SELECT workflow_id, workflow_version, status, COALESCE(outcome, ''), COUNT(*) FROM instances
WHERE id IN (SELECT instance_id FROM incidents WHERE resolved_at IS NULL) AND open_incidents > 0 GROUP BY 1, 2, 3, 4;

CREATE TRIGGER IF NOT EXISTS tr_instances_incident_counts_insert AFTER INSERT ON instances WHEN NEW.open_incidents > 0 BEGIN
    INSERT INTO incident_counts (workflow_id, workflow_version, status, outcome, count)
    VALUES (NEW.workflow_id, NEW.workflow_version, NEW.status, COALESCE(NEW.outcome, ''), 1)
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER IF NOT EXISTS tr_instances_incident_counts_delete AFTER DELETE ON instances WHEN OLD.open_incidents > 0 BEGIN
    INSERT INTO incident_counts (workflow_id, workflow_version, status, outcome, count)
    VALUES (OLD.workflow_id, OLD.workflow_version, OLD.status, COALESCE(OLD.outcome, ''), -1)
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
END;

-- A step commit of a journey without an open incident enters this trigger with a false WHEN.
CREATE TRIGGER IF NOT EXISTS tr_instances_incident_counts_update AFTER UPDATE OF workflow_id, workflow_version, status, outcome, open_incidents ON instances
WHEN (OLD.open_incidents > 0 OR NEW.open_incidents > 0)
     AND (OLD.workflow_id IS NOT NEW.workflow_id OR OLD.workflow_version IS NOT NEW.workflow_version OR OLD.status IS NOT NEW.status
          OR OLD.outcome IS NOT NEW.outcome OR (OLD.open_incidents > 0) <> (NEW.open_incidents > 0)) BEGIN
    INSERT INTO incident_counts (workflow_id, workflow_version, status, outcome, count)
    SELECT OLD.workflow_id, OLD.workflow_version, OLD.status, COALESCE(OLD.outcome, ''), -1 WHERE OLD.open_incidents > 0
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
    INSERT INTO incident_counts (workflow_id, workflow_version, status, outcome, count)
    SELECT NEW.workflow_id, NEW.workflow_version, NEW.status, COALESCE(NEW.outcome, ''), 1 WHERE NEW.open_incidents > 0
    ON CONFLICT (workflow_id, workflow_version, status, outcome) DO UPDATE SET count = count + excluded.count;
END;

-- hasIncident=true's page, newest first: the journeys with an open incident in creation order, nothing else.
CREATE INDEX IF NOT EXISTS ix_instances_incident_created ON instances (created_at, id) WHERE open_incidents > 0;

-- updatedFrom / updatedTo: the range's counts by status from the index alone (0002's index with the status added; the
-- entry moves on every commit anyway, so the wider entry costs a step nothing more).
DROP INDEX IF EXISTS ix_instances_updated;
CREATE INDEX ix_instances_updated ON instances (updated_at, id, version, status);
