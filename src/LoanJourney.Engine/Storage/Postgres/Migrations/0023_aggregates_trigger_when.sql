-- Issue 17, session 9: a step commit that moves no count calls no trigger function.
--
-- tr_instances_aggregates (0017) fired on every UPDATE OF workflow_id, status, outcome, history_json with no WHEN clause,
-- and every engine step commit names history_json: PostgreSQL queued an after-trigger event with both row images and
-- ran lj_instances_aggregates() (plpgsql) for each, even when the writer had applied the funnel's change itself
-- (funnel_version moved) and the status, outcome and workflow did not change: the function then did nothing. About half
-- of a personal loan's step commits are of that kind (a lender call answered without a wait). The trigger is now two:
-- INSERT OR DELETE as before, and UPDATE with a WHEN clause that PostgreSQL evaluates itself before queueing anything,
-- true whenever the function has work: another writer (funnel_version unchanged, the function compares the histories)
-- or a change of the counts' keys. The function is unchanged.
DROP TRIGGER IF EXISTS tr_instances_aggregates ON instances;
CREATE TRIGGER tr_instances_aggregates AFTER INSERT OR DELETE ON instances
    FOR EACH ROW EXECUTE FUNCTION lj_instances_aggregates();
CREATE TRIGGER tr_instances_aggregates_update AFTER UPDATE OF workflow_id, status, outcome, history_json ON instances
    FOR EACH ROW WHEN (OLD.funnel_version IS NOT DISTINCT FROM NEW.funnel_version
        OR OLD.workflow_id IS DISTINCT FROM NEW.workflow_id
        OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.outcome IS DISTINCT FROM NEW.outcome)
    EXECUTE FUNCTION lj_instances_aggregates();
