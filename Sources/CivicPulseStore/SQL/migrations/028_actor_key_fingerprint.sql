-- Which actor key hashed this database's residents. The key itself stays outside the database;
-- this is its fingerprint (HMAC-SHA256 of the label 'civicpulse actor key check v1' under the
-- key, first 16 bytes in hex), from which neither the key nor a resident's hash can be found.
-- Ingest refuses a key with another fingerprint: its hashes would never match the residents
-- already stored, so replies would miss their questions and residents would be counted twice.
-- One row at most, written by the first ingest; a database that holds events from before this
-- migration takes the key of its next ingest, having nothing better to check them against.
CREATE TABLE civicpulse.actor_key (
    fingerprint text PRIMARY KEY CHECK (fingerprint ~ '^[0-9a-f]{32}$'),
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX actor_key_one_row ON civicpulse.actor_key ((true));
COMMENT ON TABLE civicpulse.actor_key IS
    'Fingerprint of the key behind actor_hash (docs/event-model.md); ingest refuses any other key.';

GRANT SELECT, INSERT ON civicpulse.actor_key TO civicpulse_ingest;
