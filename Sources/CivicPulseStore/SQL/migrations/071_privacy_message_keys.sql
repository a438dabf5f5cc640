-- One key per resident's message whose body and url the log holds as AES-GCM ciphertext
-- (docs/privacy.md). Destroying the key (key NULL) makes that message unreadable for good while
-- the row stays as a tombstone: it keeps the one fact the processor took from the text, whether
-- it held an urgent keyword as judged when the key was destroyed, so a rebuild gives the figures
-- incremental processing gave.
CREATE TABLE privacy.message_keys (
    event_id       uuid PRIMARY KEY,
    pseudonym      bytea,
    recorded_month date NOT NULL DEFAULT date_trunc('month', now() AT TIME ZONE 'UTC')::date,
    key            bytea CHECK (octet_length(key) = 32),
    keyword_urgent boolean,
    destroyed_at   timestamptz,
    CHECK ((key IS NULL) = (destroyed_at IS NOT NULL) AND (key IS NULL) = (keyword_urgent IS NOT NULL))
);

CREATE INDEX message_keys_pseudonym ON privacy.message_keys (pseudonym) WHERE key IS NOT NULL;
