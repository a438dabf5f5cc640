-- Residents' handles (issue 22, docs/privacy.md). The log keeps no handle, so `forget --handle`
-- and `resident export --handle` find the resident here: the keyed hash of (platform, handle in
-- lower case) leads to the keyed hash of their user id (privacy.residents.lookup), written by
-- ingest when a payload names a resident's message's author by both. A handle can change hands:
-- each row keeps the time of the latest message seen under it, and a later message by another
-- account takes the handle over. Erasure deletes every row whose resident it unlinks.
CREATE TABLE privacy.handles (
    handle  bytea PRIMARY KEY CHECK (octet_length(handle) = 32),
    lookup  bytea NOT NULL CHECK (octet_length(lookup) = 32),
    seen_at timestamptz NOT NULL
);
CREATE INDEX handles_lookup ON privacy.handles (lookup);
