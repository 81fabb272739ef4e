-- Issue 17, round 12: 0017's ix_instances_current (workflow_id, status, current_step) served the funnel's "waiting and
-- faulted at each step now" until 0020 kept those counts in current_step_counts; its last reader, the waiting-journeys
-- gauge (CountWaitingAsync), now reads those counts too. current_step changes with nearly every step commit, so the
-- index cost an entry move on each of them and answered nothing.
DROP INDEX IF EXISTS ix_instances_current;
