-- Partner filter (session 44): the team lists one partner's journeys with GET /api/instances?partner=, and the Studio's
-- list sorts by update as well as by creation. 0031's (partner, created_at, id) serves the first; this serves the second
-- as a range in order, instead of walking every journey's updated index for the partner's rows.
CREATE INDEX IF NOT EXISTS ix_instances_partner_updated ON instances (partner, updated_at, id) WHERE partner IS NOT NULL;
