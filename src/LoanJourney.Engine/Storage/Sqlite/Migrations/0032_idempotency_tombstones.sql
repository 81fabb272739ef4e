-- Session 44: what is left of a journey's Idempotency-Key once retention or an erasure redacted the journey (which clears
-- instances.idempotency_key). A start replaying the key is refused (409 idempotency_key_purged) instead of beginning a
-- second journey, for as long as Retention:IdempotencyTombstones keeps the row (from purged_at). No personal data: the
-- stored key (a scoped principal's partner namespace included) only as its SHA-256 (PrivacyHash), the partner, the
-- workflow, the redacted journey's id and the redaction's time.
CREATE TABLE IF NOT EXISTS idempotency_tombstones (
    key_hash    TEXT NOT NULL PRIMARY KEY,
    partner     TEXT,
    workflow_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    purged_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_idempotency_tombstones_purged ON idempotency_tombstones (purged_at);
