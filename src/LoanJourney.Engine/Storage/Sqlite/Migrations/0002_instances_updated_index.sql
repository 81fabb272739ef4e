-- The live-update feed reads the instances changed after a cursor (updated_at, id) several times a second, re-reading a
-- short overlap window. Without this index every read scanned the whole table, overflow pages of the JSON columns included
-- (updated_at is the last column), so its cost grew with the number of instances ever started. With version in it, the
-- feed learns from the index alone which changed rows it has not sent yet, and reads only those whole.
CREATE INDEX IF NOT EXISTS ix_instances_updated ON instances (updated_at, id, version);
