-- Issue 17, round 57 (PostgreSQL only, as 0022-0024 were; SQLite's folder has no 0042): one index entry fewer per step
-- commit. A step commit's UPDATE of instances is never HOT (updated_at, the feed's key, moves at every commit), so it
-- inserts an entry into every index of instances whose predicate the new row meets. 0001's ix_instances_lease_owner
-- (lease_owner WHERE lease_owner IS NOT NULL) took one at every commit that kept its lease, i.e. every step of a running
-- journey, and at every claim. Its one reader is a node's release of its own leases at start-up
-- (ReleaseLeasesOwnedByAsync): no operator view, claim, fence or feed reads it.
--
-- The rows a node holds leases on are Running (claimed, or resumed) or, rarer, not Running (a Waiting journey claimed by
-- id to resume a sensitive signal; a journey whose node stopped between a claim by id and its commit). The release now
-- reads the Running ones through ix_instances_status (the in-flight journeys, not the history) and the others through
-- this index, which holds only them: a running journey's step commit writes no entry into it.
DROP INDEX IF EXISTS ix_instances_lease_owner;
CREATE INDEX IF NOT EXISTS ix_instances_lease_owner_idle ON instances (lease_owner) WHERE lease_owner IS NOT NULL AND status <> 'Running';
