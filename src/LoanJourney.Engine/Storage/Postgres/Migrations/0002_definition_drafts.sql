-- Issue 13: definitions are authored in the store (see the SQLite migration 0003 for the design).
ALTER TABLE workflow_definitions ADD COLUMN published_by text NOT NULL DEFAULT 'workflows/';

CREATE TABLE workflow_drafts (
    workflow_id  text   NOT NULL PRIMARY KEY,
    revision     bigint NOT NULL,
    content_hash text   NOT NULL,
    json         text   NOT NULL,
    saved_by     text   NOT NULL,
    saved_at     bigint NOT NULL
);

CREATE TABLE workflow_definition_history (
    seq          bigserial PRIMARY KEY,
    workflow_id  text   NOT NULL,
    action       text   NOT NULL,
    revision     bigint NULL,
    version      bigint NULL,
    author       text   NOT NULL,
    at           bigint NOT NULL,
    summary      text   NOT NULL
);

CREATE INDEX ix_definition_history_workflow ON workflow_definition_history (workflow_id, seq);
