-- Issue 17 (storage per journey): a finished journey's journal is packed into one row, compressed (Brotli), by the
-- journal compactor (docs/engine.md, "Journal storage"); see the SQLite migration of the same number. The blobs are
-- compressed already: STORAGE EXTERNAL keeps PostgreSQL from trying pglz on them again.
CREATE TABLE IF NOT EXISTS journal_archive (
    instance_id text   NOT NULL PRIMARY KEY,
    entries     bigint NOT NULL,
    last_seq    bigint NOT NULL,
    entries_z   bytea  NOT NULL,
    data_z      bytea
);
ALTER TABLE journal_archive ALTER COLUMN entries_z SET STORAGE EXTERNAL, ALTER COLUMN data_z SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS journal_compaction_queue (
    instance_id text NOT NULL PRIMARY KEY
);

CREATE OR REPLACE FUNCTION lj_instances_journal_compaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO journal_compaction_queue (instance_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS tr_instances_journal_compaction ON instances;
CREATE TRIGGER tr_instances_journal_compaction AFTER UPDATE OF status ON instances
FOR EACH ROW WHEN (NEW.status IN ('Completed', 'Cancelled') AND OLD.status NOT IN ('Completed', 'Cancelled'))
EXECUTE FUNCTION lj_instances_journal_compaction();

INSERT INTO journal_compaction_queue (instance_id) SELECT id FROM instances WHERE status IN ('Completed', 'Cancelled') ON CONFLICT DO NOTHING;
