-- The live-update feed (GetChangedInstancesAsync) reads instances changed after a cursor (updated_at, id) several times a
-- second. Without this index every read scanned the whole table, overflow pages of the JSON columns included (updated_at
-- is the last column), so its cost grew with the number of instances ever started. PostgreSQL has had it from 0001.
CREATE INDEX IF NOT EXISTS ix_instances_updated ON instances (updated_at, id);
