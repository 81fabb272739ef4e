-- The payload sweep's memory (session 38): before, every start walked the whole instances table (1-2 s per 100,000 journeys)
-- to find payloads still stored in the clear, though after one complete pass there are none unless a store that does not
-- encrypt wrote some since. One row: generation moves each time a store without a key-holding protector starts on this
-- database (PayloadSweepMark.ForgetAsync, at its initialization); swept_generation and swept_prefix are what the last
-- complete sweep saw (the generation it read before it started, and the protected prefix it looked for). A pass whose
-- generation and prefix are the ones recorded reads nothing.
CREATE TABLE IF NOT EXISTS payload_sweep (
    id               integer NOT NULL PRIMARY KEY CHECK (id = 1),
    generation       bigint  NOT NULL,
    swept_generation bigint,
    swept_prefix     text
);
INSERT INTO payload_sweep (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
