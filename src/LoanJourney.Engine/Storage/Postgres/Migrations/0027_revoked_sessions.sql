-- Studio sign-out revokes the session ticket on every node and across restarts: the ticket's id is kept here until after
-- the ticket's own expiry (keep_until, Unix ms), then pruned by the next sign-out. Looked up by id on every request a
-- session cookie authenticates; pruned by keep_until.
CREATE TABLE IF NOT EXISTS revoked_sessions (
    ticket_id  text   NOT NULL PRIMARY KEY,
    keep_until bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_revoked_sessions_keep_until ON revoked_sessions (keep_until);
