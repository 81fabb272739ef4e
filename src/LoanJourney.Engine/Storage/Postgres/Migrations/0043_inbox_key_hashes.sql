-- Session 53: a FinBox event's key (finbox:<customerId>:<event>) kept the lender payload's customer id in the clear in
-- webhook_inbox.key and bookmarks.key until retention or an erasure. The engine now stores it with the id replaced by its
-- hash (InboxKeys.Stored: finbox:sha256:<hex>:<event>, the lower-case hex SHA-256 of the id's UTF-8, the form the log lines
-- already use), at every delivery and wait, so both sides still meet. The keys already stored are rewritten here, in place,
-- so an event buffered before the upgrade still reaches the journey that waits for it after, and a journey waiting across
-- the upgrade still gets its event. The id is what lies between 'finbox:' and the next ':' (or the end).
UPDATE webhook_inbox
SET key = 'finbox:sha256:' || encode(sha256(convert_to(split_part(key, ':', 2), 'UTF8')), 'hex') || substr(key, length('finbox:' || split_part(key, ':', 2)) + 1)
WHERE key LIKE 'finbox:%' AND key NOT LIKE 'finbox:sha256:%';

UPDATE bookmarks
SET key = 'finbox:sha256:' || encode(sha256(convert_to(split_part(key, ':', 2), 'UTF8')), 'hex') || substr(key, length('finbox:' || split_part(key, ':', 2)) + 1)
WHERE kind = 'Webhook' AND key LIKE 'finbox:%' AND key NOT LIKE 'finbox:sha256:%';
