-- `resident export` (Article 15, docs/privacy.md) lists every message of one resident, the ones
-- whose key is destroyed too (their times are still held), so the resident's keys are found by
-- pseudonym whatever their state. The index of 071 covered readable keys only; this one serves
-- `forget` as well, so it replaces it.
CREATE INDEX message_keys_resident ON privacy.message_keys (pseudonym);
DROP INDEX privacy.message_keys_pseudonym;
