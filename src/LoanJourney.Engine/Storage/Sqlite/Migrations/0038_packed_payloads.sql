-- Issue 17, rounds 42–43 (docs/PERFORMANCE.md): from this migration on, a finished journey may be packed: its input and
-- outputs compressed before protection (enc:v1:z:, PackedPayload) and its journal archive in format 2 (zstd with a fixed
-- dictionary, JournalArchive). No table changes on SQLite: the migration marks the database as one a packing build has
-- run on, under the same name as PostgreSQL's 0038, so a build without packing started on it is refused by the
-- newer-schema check naming it (docs/scale-out.md, "Upgrading the nodes") instead of failing on the first packed row.
SELECT 1;
