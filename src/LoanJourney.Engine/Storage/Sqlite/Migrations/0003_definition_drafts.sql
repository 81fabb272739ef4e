-- Issue 13: definitions are authored in the store. Published versions (workflow_definitions) get their author; a workflow
-- has at most one draft; every save, publish, import and delete is a history row. A draft's revision is the workflow's
-- history counter (MAX(revision) + 1 of its history), so it keeps increasing across publishes and deletes and an old
-- expectedRevision can never match a newer draft.
ALTER TABLE workflow_definitions ADD COLUMN published_by TEXT NOT NULL DEFAULT 'workflows/';

CREATE TABLE workflow_drafts (
    workflow_id  TEXT    NOT NULL PRIMARY KEY,
    revision     INTEGER NOT NULL,
    content_hash TEXT    NOT NULL,
    json         TEXT    NOT NULL,
    saved_by     TEXT    NOT NULL,
    saved_at     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE workflow_definition_history (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow_id  TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    revision     INTEGER NULL,
    version      INTEGER NULL,
    author       TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    summary      TEXT    NOT NULL
);

CREATE INDEX ix_definition_history_workflow ON workflow_definition_history (workflow_id, seq);
