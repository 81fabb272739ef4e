-- Issue 17 (storage per journey): a finished journey's journal is packed into one row, compressed (Brotli), by the
-- journal compactor (docs/engine.md, "Journal storage"). Entries of a journal are small JSON texts that repeat each other
-- (field names, poll answers, bookmarks), so one block per journey compresses about six times where each entry alone
-- compresses less than twice. entries_z holds every entry but its data (sequence, time, kind, step, attempt), data_z the
-- data texts: redaction sets data_z to NULL, as it sets journal.data_json to NULL. Rows of the journal table stay what
-- they were: a journey's journal is its archive (older entries), then its rows (newer), read as one.
CREATE TABLE IF NOT EXISTS journal_archive (
    instance_id TEXT    NOT NULL PRIMARY KEY,
    entries     INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL,
    entries_z   BLOB    NOT NULL,
    data_z      BLOB
);

-- Journeys whose journal rows wait to be packed: added in the transaction that makes a journey Completed or Cancelled
-- (no step runs after that), removed when packed. Journeys finished before this migration are queued here once.
CREATE TABLE IF NOT EXISTS journal_compaction_queue (
    instance_id TEXT NOT NULL PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS tr_instances_journal_compaction AFTER UPDATE OF status ON instances
WHEN NEW.status IN ('Completed', 'Cancelled') AND OLD.status NOT IN ('Completed', 'Cancelled') BEGIN
    INSERT OR IGNORE INTO journal_compaction_queue (instance_id) VALUES (NEW.id);
END;

INSERT OR IGNORE INTO journal_compaction_queue (instance_id) SELECT id FROM instances WHERE status IN ('Completed', 'Cancelled');
