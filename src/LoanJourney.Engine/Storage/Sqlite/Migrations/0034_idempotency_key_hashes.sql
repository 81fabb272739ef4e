-- Session 45's privacy walk: a start's Idempotency-Key was stored as sent, so a partner that uses a borrower's e-mail or
-- mobile as its key left it readable in instances until the journey was removed. The key is kept only as its hash from
-- now on (IdempotencyKeys.Hash: 'sha256:' and the lower-case hex SHA-256 of the stored key's UTF-8, a partner's namespace
-- included), the value 0032's tombstones already hold; a replay hashes the key it is sent and finds its journey as before.
-- The keys already stored are hashed here, in place. SQLite has no SHA-256: lj_idempotency_key_hash is IdempotencyKeys.Hash
-- itself, registered on the migrating connection (SqliteWorkflowStore.InitializeUpToAsync).
UPDATE instances
SET idempotency_key = lj_idempotency_key_hash(idempotency_key)
WHERE idempotency_key IS NOT NULL;
