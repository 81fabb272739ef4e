-- Issue 17, round 4: the engine applies what a step does to the funnel's aggregates itself. 0017's trigger parsed the whole
-- old and new history as jsonb on every step commit (~90 % of a step's statement time); the engine knows the history it
-- read and the one it writes, computes the few rows that change (FunnelDelta) and upserts them in the commit's own batch.
-- It says so by moving funnel_version with the row; the trigger then keeps only the journey counts. Every other writer of
-- history_json (a manual UPDATE, a tool, an engine commit without the state it read) leaves funnel_version alone, and the
-- trigger keeps every aggregate exactly as before. Insert and delete are unchanged.
ALTER TABLE instances ADD COLUMN IF NOT EXISTS funnel_version bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION lj_instances_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM lj_aggregate_instance(NULL, NULL, NULL, '[]'::jsonb, NEW.workflow_id, NEW.status, NEW.outcome, NEW.history_json::jsonb,
            (hashtext(NEW.id) & 7)::smallint);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM lj_aggregate_instance(OLD.workflow_id, OLD.status, OLD.outcome, OLD.history_json::jsonb, NULL, NULL, NULL, '[]'::jsonb,
            (hashtext(OLD.id) & 7)::smallint);
    ELSIF OLD.funnel_version IS DISTINCT FROM NEW.funnel_version THEN
        -- The writer applied the funnel's change itself: the counts only, and only when they move.
        IF OLD.workflow_id IS DISTINCT FROM NEW.workflow_id OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.status IS DISTINCT FROM NEW.status THEN
            PERFORM lj_aggregate_instance(OLD.workflow_id, OLD.status, OLD.outcome, '[]'::jsonb,
                NEW.workflow_id, NEW.status, NEW.outcome, '[]'::jsonb, (hashtext(NEW.id) & 7)::smallint);
        END IF;
    ELSIF OLD.history_json IS DISTINCT FROM NEW.history_json OR OLD.workflow_id IS DISTINCT FROM NEW.workflow_id
          OR OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.status IS DISTINCT FROM NEW.status THEN
        PERFORM lj_aggregate_instance(OLD.workflow_id, OLD.status, OLD.outcome, OLD.history_json::jsonb,
            NEW.workflow_id, NEW.status, NEW.outcome, NEW.history_json::jsonb, (hashtext(NEW.id) & 7)::smallint);
    END IF;
    RETURN NULL;
END;
$$;
