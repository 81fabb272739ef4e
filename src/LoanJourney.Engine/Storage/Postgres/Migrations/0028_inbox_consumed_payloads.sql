-- Borrowers' data in the webhook inbox: from this version a routed webhook's row ends with no payload, a buffered one
-- stores it protected (IPayloadProtector) and the commit that consumes it removes it (it then lives, protected, in the
-- journey). Rows written before kept every consumed payload in the clear until retention or an erasure redacted them, and
-- nothing reads a consumed payload: they go here (the old row versions are reclaimed by (auto)vacuum; an erasure's purge
-- runs VACUUM). Buffered rows (consumed_at IS NULL) keep their payload: the store protects the plaintext ones of them when
-- it applies this migration, in the same transaction (InboxProtection.ProtectBufferedAsync). A full scan of the inbox, once.
UPDATE webhook_inbox SET payload_json = NULL WHERE consumed_at IS NOT NULL AND payload_json IS NOT NULL;
