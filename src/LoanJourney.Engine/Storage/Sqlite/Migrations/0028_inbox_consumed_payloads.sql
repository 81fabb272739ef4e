-- Borrowers' data in the webhook inbox: from this version a routed webhook stores no payload in the inbox, a buffered one
-- stores it protected (IPayloadProtector) and the commit that consumes it removes it (it then lives, protected, in the
-- journey). Rows written before kept every consumed payload in the clear until retention or an erasure redacted them, and
-- nothing reads a consumed payload: they go here. secure_delete zeroes the freed bytes in the pages written, here and in
-- the re-protection below (the old page images leave the file at the next checkpoint); it stays on for this connection,
-- as it does on the writer's after a redaction (the cost is zeroing what is freed anyway). Buffered rows (consumed_at IS
-- NULL) keep their payload: the store protects the plaintext ones of them when it applies this migration, in the same
-- transaction (InboxProtection.ProtectBufferedAsync). A full scan of the inbox, once.
PRAGMA secure_delete = ON;
UPDATE webhook_inbox SET payload_json = NULL WHERE consumed_at IS NOT NULL AND payload_json IS NOT NULL;
