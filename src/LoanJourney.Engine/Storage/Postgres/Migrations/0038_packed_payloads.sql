-- Issue 17, rounds 42–43 (docs/PERFORMANCE.md): from this migration on, a finished journey may be packed: its input and
-- outputs compressed before protection (enc:v1:z:, PackedPayload) and its journal archive in format 2 (zstd with a fixed
-- dictionary, JournalArchive). The name is the same on both stores, so a build without packing started on a database a
-- packing build migrated is refused by the newer-schema check naming it (docs/scale-out.md, "Upgrading the nodes").
-- Issue 17, round 42 (docs/PERFORMANCE.md): a packed journal's blobs (entries_z ~0.4 KB, data_z ~3 KB for a personal loan)
-- are kept in the archive row itself. With STORAGE EXTERNAL (0019) any row over ~2 KB had its data_z moved into the TOAST
-- table: two chunk rows and their TOAST index entries per journey. STORAGE MAIN keeps the value in the row unless the row
-- cannot fit a page (then PostgreSQL still moves it out); pglz gives up at once on these already compressed bytes.
-- Applies to rows written from now on (a packing, a redaction's rewrite); rows packed before keep their TOAST chunks.
ALTER TABLE journal_archive ALTER COLUMN entries_z SET STORAGE MAIN, ALTER COLUMN data_z SET STORAGE MAIN;
