-- The SQLite schema on PostgreSQL: times are Unix milliseconds (UTC, bigint), JSON columns hold text (the reporting
-- queries cast to jsonb), integers are bigint so one row shape serves both stores. seq columns give bookmarks and the
-- inbox the insertion order SQLite's rowid gives.
CREATE TABLE workflow_definitions (
    workflow_id  text   NOT NULL,
    version      bigint NOT NULL,
    content_hash text   NOT NULL,
    json         text   NOT NULL,
    created_at   bigint NOT NULL,
    PRIMARY KEY (workflow_id, version)
);

CREATE TABLE instances (
    id                    text   COLLATE "C" NOT NULL PRIMARY KEY,
    workflow_id           text   NOT NULL,
    workflow_version      bigint NOT NULL,
    status                text   NOT NULL,
    outcome               text,
    correlation_id        text,
    idempotency_key       text,
    input_json            text   NOT NULL,
    variables_json        text   NOT NULL,
    outputs_json          text   NOT NULL,
    history_json          text   NOT NULL,
    current_step          text,
    attempt               bigint NOT NULL,
    step_state_json       text,
    pending_stimulus_json text,
    cancel_requested      bigint NOT NULL DEFAULT 0,
    ready_at              bigint,
    version               bigint NOT NULL,
    lease_owner           text,
    lease_token           bigint NOT NULL DEFAULT 0,
    lease_expires_at      bigint,
    created_at            bigint NOT NULL,
    updated_at            bigint NOT NULL
);
CREATE UNIQUE INDEX ux_instances_idempotency ON instances (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ix_instances_ready ON instances (ready_at) WHERE ready_at IS NOT NULL;
CREATE INDEX ix_instances_status ON instances (status, created_at);
CREATE INDEX ix_instances_workflow ON instances (workflow_id, status, created_at);
CREATE INDEX ix_instances_correlation ON instances (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX ix_instances_lease_owner ON instances (lease_owner) WHERE lease_owner IS NOT NULL;
CREATE INDEX ix_instances_updated ON instances (updated_at, id);

CREATE TABLE bookmarks (
    id          text      NOT NULL PRIMARY KEY,
    seq         bigserial NOT NULL,
    instance_id text      NOT NULL,
    step_id     text      NOT NULL,
    kind        text      NOT NULL,
    name        text      NOT NULL,
    key         text,
    due_at      bigint,
    sensitive   bigint    NOT NULL,
    created_at  bigint    NOT NULL
);
CREATE INDEX ix_bookmarks_key ON bookmarks (kind, key, created_at);
CREATE INDEX ix_bookmarks_instance ON bookmarks (instance_id);

CREATE TABLE journal (
    seq         bigserial NOT NULL PRIMARY KEY,
    instance_id text      NOT NULL,
    at          bigint    NOT NULL,
    kind        text      NOT NULL,
    step_id     text,
    attempt     bigint,
    data_json   text
);
CREATE INDEX ix_journal_instance ON journal (instance_id, seq);

CREATE TABLE incidents (
    id           text   NOT NULL PRIMARY KEY,
    instance_id  text   NOT NULL,
    step_id      text   NOT NULL,
    error_kind   text   NOT NULL,
    message      text   NOT NULL,
    attempts     bigint NOT NULL,
    details_json text,
    created_at   bigint NOT NULL,
    resolved_at  bigint,
    resolution   text
);
CREATE INDEX ix_incidents_instance ON incidents (instance_id, resolved_at);

CREATE TABLE webhook_inbox (
    event_id     text      NOT NULL PRIMARY KEY,
    seq          bigserial NOT NULL,
    key          text      NOT NULL,
    payload_json text,
    received_at  bigint    NOT NULL,
    consumed_by  text,
    consumed_at  bigint
);
CREATE INDEX ix_inbox_buffered ON webhook_inbox (key, received_at) WHERE consumed_at IS NULL;

CREATE TABLE intents (
    instance_id text   NOT NULL,
    key         text   NOT NULL,
    step_id     text   NOT NULL,
    data_json   text   NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (instance_id, key)
);
