-- The dashboard's stuck list pages its long waits (session 51), as 0039 made its faulted run page: a workflow's journeys
-- waiting longer than the threshold, longest wait first (by when the current wait started, ties by id), page after page.
-- 0018's ix_instances_waiting_since is every workflow's waits in that order, without the id: a workflow's page walked
-- every other workflow's waits and filtered them, and a keyset page could not be a range of it (ties are not in id order).
-- This is the workflow's waits in the order they are read, so a late page costs what the first does, and the count of
-- the long waits (the funnel's stuckWaiting) reads its entries only (status as the last column, as 0018 has it: SQLite reads
-- the row to test a term on a column the index lacks, even the partial index's own condition).
CREATE INDEX IF NOT EXISTS ix_instances_waiting_workflow ON instances (workflow_id, json_extract(history_json, '$[#-1].startedAt'), id, status) WHERE status = 'Waiting';
