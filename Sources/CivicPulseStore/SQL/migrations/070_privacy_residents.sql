-- Residents' pseudonyms (issue 22, docs/privacy.md). The log's actor_hash and addressee_hash hold
-- a random pseudonym, not a hash of the platform id: this row is the only link from a resident's
-- keyed hash (HMAC of `platform:user id` under the actor key, which lives outside the database) to
-- the pseudonym. `forget` deletes the row: the old pseudonym stays in the log, a later message gets
-- a new one, and nothing joins the two.
CREATE SCHEMA privacy;

CREATE TABLE privacy.residents (
    lookup     bytea PRIMARY KEY CHECK (octet_length(lookup) = 32),
    pseudonym  bytea NOT NULL UNIQUE CHECK (octet_length(pseudonym) = 32),
    first_seen timestamptz NOT NULL DEFAULT now()
);
