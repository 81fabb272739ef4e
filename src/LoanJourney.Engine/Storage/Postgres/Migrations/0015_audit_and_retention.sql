-- Issue 15: the audit trail of operator actions (kept when journeys are redacted) and redaction marks for retention and
-- erasure. 0015 (the issue number) leaves 0003-0014 to branches that land before it.
CREATE TABLE IF NOT EXISTS audit_log (
    seq         bigserial PRIMARY KEY,
    at          bigint NOT NULL,
    principal   text   NOT NULL,
    action      text   NOT NULL,
    workflow_id text,
    instance_id text,
    reason      text,
    data_json   text
);
CREATE INDEX IF NOT EXISTS ix_audit_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS ix_audit_instance ON audit_log (instance_id) WHERE instance_id IS NOT NULL;

ALTER TABLE instances ADD COLUMN IF NOT EXISTS redacted_at bigint;
CREATE INDEX IF NOT EXISTS ix_instances_unredacted ON instances (status, updated_at) WHERE redacted_at IS NULL;

ALTER TABLE webhook_inbox ADD COLUMN IF NOT EXISTS redacted_at bigint;
CREATE INDEX IF NOT EXISTS ix_inbox_unredacted ON webhook_inbox (consumed_at) WHERE redacted_at IS NULL AND consumed_at IS NOT NULL;
