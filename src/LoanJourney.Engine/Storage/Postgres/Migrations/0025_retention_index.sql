-- Issue 17, round 12: retention's index holds finished journeys only. 0015's ix_instances_unredacted (status, updated_at)
-- held every unredacted journey, so every step commit of a running journey moved its entry (updated_at changes with
-- each one); partial on the finished statuses, a journey enters it once, at the commit that finishes it. Retention's
-- select names the same statuses (RetentionSelectSql), which is what lets the planner use a partial index.
DROP INDEX IF EXISTS ix_instances_unredacted;
CREATE INDEX IF NOT EXISTS ix_instances_retention ON instances (status, updated_at)
    WHERE redacted_at IS NULL AND status IN ('Completed', 'Cancelled', 'Faulted');
