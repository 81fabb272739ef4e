-- Session 45's privacy walk: a start's Idempotency-Key was stored as sent, so a partner that uses a borrower's e-mail or
-- mobile as its key left it readable in instances until the journey was removed. The key is kept only as its hash from
-- now on (IdempotencyKeys.Hash: 'sha256:' and the lower-case hex SHA-256 of the stored key's UTF-8, a partner's namespace
-- included), the value 0032's tombstones already hold; a replay hashes the key it is sent and finds its journey as before.
-- The keys already stored are hashed here, in place (the unique index stays; distinct keys keep distinct hashes).
UPDATE instances
SET idempotency_key = 'sha256:' || encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex')
WHERE idempotency_key IS NOT NULL;
