-- The dashboard's stuck list in the order an operations desk triages (session 50): the workflow's journeys awaiting a
-- decision on a money call (an open OutcomeUnknown incident: money may have moved and the lender offers no way to learn
-- it) first, oldest question first; then the other faulted journeys by when they faulted, oldest first. Until now the
-- server listed the 50 oldest faulted by creation and the Studio sorted only those, so with 500 faulted journeys a money
-- question among the later 450 was never seen.
--
-- faulted_at: when the journey's open incident was raised (the fault); fault_rank: 0 for a money question awaiting a
-- decision, 1 for any other fault. Both are set by the incident's own insert (the trigger function below), in the
-- transaction of the commit that faults the journey, whichever writer raised it (a step out of retries, a failed
-- compensation, a journey that cannot be decrypted). A retry that faults again raises a new incident: a new fault, a new
-- time. Read only while the journey is Faulted (the index is partial), so they are left as they were when it moves on.
ALTER TABLE instances ADD COLUMN IF NOT EXISTS faulted_at bigint;
ALTER TABLE instances ADD COLUMN IF NOT EXISTS fault_rank integer NOT NULL DEFAULT 1;

-- The journeys faulted already: the open incident's time and kind (a journey has at most one open); one faulted without
-- an open incident (its incident resolved by an erasure) by its last incident, else by its last change.
UPDATE instances i SET
    faulted_at = COALESCE(
        (SELECT MAX(x.created_at) FROM incidents x WHERE x.instance_id = i.id COLLATE "default" AND x.resolved_at IS NULL),
        (SELECT MAX(x.created_at) FROM incidents x WHERE x.instance_id = i.id COLLATE "default"),
        i.updated_at),
    fault_rank = CASE WHEN EXISTS (SELECT 1 FROM incidents x WHERE x.instance_id = i.id COLLATE "default" AND x.resolved_at IS NULL
                                   AND x.error_kind = 'OutcomeUnknown') THEN 0 ELSE 1 END
WHERE i.status = 'Faulted';

-- 0020's counter function, now also stamping the fault on an incident's insert: one UPDATE of the journey per incident
-- raised, as before. The triggers that call it are unchanged.
CREATE OR REPLACE FUNCTION lj_incidents_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.resolved_at IS NULL THEN
        UPDATE instances SET open_incidents = open_incidents - 1 WHERE id = OLD.instance_id;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.resolved_at IS NULL THEN
        UPDATE instances SET open_incidents = open_incidents + 1, faulted_at = NEW.created_at,
            fault_rank = CASE WHEN NEW.error_kind = 'OutcomeUnknown' THEN 0 ELSE 1 END
        WHERE id = NEW.instance_id;
    ELSIF TG_OP <> 'DELETE' AND NEW.resolved_at IS NULL THEN
        UPDATE instances SET open_incidents = open_incidents + 1 WHERE id = NEW.instance_id;
    END IF;
    RETURN NULL;
END;
$$;

-- The stuck list's faulted run, page by page (keyset on fault_rank, faulted_at, id): a range of the workflow's faulted
-- journeys in the order it is read, whatever the history.
CREATE INDEX IF NOT EXISTS ix_instances_faulted ON instances (workflow_id, fault_rank, faulted_at, id) WHERE status = 'Faulted';
