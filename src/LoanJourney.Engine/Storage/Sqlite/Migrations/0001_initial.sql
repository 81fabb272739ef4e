-- Times are Unix milliseconds (UTC). JSON columns hold text.
CREATE TABLE workflow_definitions (
    workflow_id  TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    content_hash TEXT    NOT NULL,
    json         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, version)
) WITHOUT ROWID;

CREATE TABLE instances (
    id                    TEXT    NOT NULL PRIMARY KEY,
    workflow_id           TEXT    NOT NULL,
    workflow_version      INTEGER NOT NULL,
    status                TEXT    NOT NULL,
    outcome               TEXT,
    correlation_id        TEXT,
    idempotency_key       TEXT,
    input_json            TEXT    NOT NULL,
    variables_json        TEXT    NOT NULL,
    outputs_json          TEXT    NOT NULL,
    history_json          TEXT    NOT NULL,
    current_step          TEXT,
    attempt               INTEGER NOT NULL,
    step_state_json       TEXT,
    pending_stimulus_json TEXT,
    cancel_requested      INTEGER NOT NULL DEFAULT 0,
    ready_at              INTEGER,
    version               INTEGER NOT NULL,
    lease_owner           TEXT,
    lease_token           INTEGER NOT NULL DEFAULT 0,
    lease_expires_at      INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_instances_idempotency ON instances (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ix_instances_ready ON instances (ready_at) WHERE ready_at IS NOT NULL;
CREATE INDEX ix_instances_status ON instances (status, created_at);
CREATE INDEX ix_instances_workflow ON instances (workflow_id, status, created_at);
CREATE INDEX ix_instances_correlation ON instances (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX ix_instances_lease_owner ON instances (lease_owner) WHERE lease_owner IS NOT NULL;

CREATE TABLE bookmarks (
    id          TEXT    NOT NULL PRIMARY KEY,
    instance_id TEXT    NOT NULL,
    step_id     TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    key         TEXT,
    due_at      INTEGER,
    sensitive   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ix_bookmarks_key ON bookmarks (kind, key, created_at);
CREATE INDEX ix_bookmarks_instance ON bookmarks (instance_id);

CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    step_id     TEXT,
    attempt     INTEGER,
    data_json   TEXT
);
CREATE INDEX ix_journal_instance ON journal (instance_id, seq);

CREATE TABLE incidents (
    id           TEXT    NOT NULL PRIMARY KEY,
    instance_id  TEXT    NOT NULL,
    step_id      TEXT    NOT NULL,
    error_kind   TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    attempts     INTEGER NOT NULL,
    details_json TEXT,
    created_at   INTEGER NOT NULL,
    resolved_at  INTEGER,
    resolution   TEXT
);
CREATE INDEX ix_incidents_instance ON incidents (instance_id, resolved_at);

CREATE TABLE webhook_inbox (
    event_id     TEXT    NOT NULL PRIMARY KEY,
    key          TEXT    NOT NULL,
    payload_json TEXT,
    received_at  INTEGER NOT NULL,
    consumed_by  TEXT,
    consumed_at  INTEGER
);
CREATE INDEX ix_inbox_buffered ON webhook_inbox (key, received_at) WHERE consumed_at IS NULL;

CREATE TABLE intents (
    instance_id TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    step_id     TEXT    NOT NULL,
    data_json   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (instance_id, key)
) WITHOUT ROWID;
