-- Partner scope (session 43): the partner whose scoped principal started a journey (Server:Principals "Partner", or the
-- token's partner claim). A scoped principal lists, reads, signals and cancels only the journeys carrying its partner;
-- NULL for journeys started unscoped or by the engine (and every journey started before this migration). The list of one
-- partner's journeys walks this index in the list's default order (newest first).
ALTER TABLE instances ADD COLUMN IF NOT EXISTS partner text;
CREATE INDEX IF NOT EXISTS ix_instances_partner_created ON instances (partner, created_at, id) WHERE partner IS NOT NULL;
