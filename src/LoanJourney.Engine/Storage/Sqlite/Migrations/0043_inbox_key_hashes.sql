-- Session 53: a FinBox event's key (finbox:<customerId>:<event>) kept the lender payload's customer id in the clear in
-- webhook_inbox.key and bookmarks.key until retention or an erasure. The engine now stores it with the id replaced by its
-- hash (InboxKeys.Stored: finbox:sha256:<hex>:<event>, the form the log lines already use), at every delivery and wait, so
-- both sides still meet. The keys already stored are rewritten here, in place, so an event buffered before the upgrade still
-- reaches the journey that waits for it after, and a journey waiting across the upgrade still gets its event. SQLite has no
-- SHA-256: lj_inbox_key is InboxKeys.Stored itself, registered on the migrating connection. Keys already hashed, and
-- 'redacted', are left as they are (the function returns them unchanged).
UPDATE webhook_inbox
SET key = lj_inbox_key(key)
WHERE key LIKE 'finbox:%' AND key NOT LIKE 'finbox:sha256:%';

UPDATE bookmarks
SET key = lj_inbox_key(key)
WHERE kind = 'Webhook' AND key LIKE 'finbox:%' AND key NOT LIKE 'finbox:sha256:%';
