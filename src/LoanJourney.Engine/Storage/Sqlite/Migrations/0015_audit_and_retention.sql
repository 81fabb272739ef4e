-- Issue 15: the audit trail of operator actions (kept when journeys are redacted) and redaction marks for retention and
-- erasure. 0015 (the issue number) leaves 0003-0014 to branches that land before it.
CREATE TABLE IF NOT EXISTS audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    principal   TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    workflow_id TEXT,
    instance_id TEXT,
    reason      TEXT,
    data_json   TEXT
);
CREATE INDEX IF NOT EXISTS ix_audit_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS ix_audit_instance ON audit_log (instance_id) WHERE instance_id IS NOT NULL;

ALTER TABLE instances ADD COLUMN redacted_at INTEGER;
-- Retention looks for finished, not yet redacted journeys by status and last change, oldest first.
CREATE INDEX IF NOT EXISTS ix_instances_unredacted ON instances (status, updated_at) WHERE redacted_at IS NULL;

ALTER TABLE webhook_inbox ADD COLUMN redacted_at INTEGER;
CREATE INDEX IF NOT EXISTS ix_inbox_unredacted ON webhook_inbox (consumed_at) WHERE redacted_at IS NULL AND consumed_at IS NOT NULL;
