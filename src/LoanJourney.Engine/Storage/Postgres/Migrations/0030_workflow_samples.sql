-- Session 43: a workflow's sample start input, kept in the store (one per workflow, drafts and published versions alike),
-- edited in the Studio's designer. Served by GET /api/workflows/{id}/sample before workflows/samples/{id}.json. Saves and
-- removals are history rows (action sample / sample-delete) and audit entries, as other definition changes.
CREATE TABLE IF NOT EXISTS workflow_samples (
    workflow_id text   NOT NULL PRIMARY KEY,
    json        text   NOT NULL,
    saved_by    text   NOT NULL,
    saved_at    bigint NOT NULL
);
