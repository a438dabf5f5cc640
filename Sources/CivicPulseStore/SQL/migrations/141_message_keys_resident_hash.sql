-- `forget` and `resident export` find a resident's keys by pseudonym, and only ever by equality
-- (`k.pseudonym = $1`, docs/privacy.md): a hash index finds them as the B-tree of migration 095
-- did, and ingest, which stores a key row per resident's message, pays less for each. The B-tree
-- held every 32-byte random pseudonym in full and compared them byte by byte at each insert; the
-- hash index keeps a 4-byte hash code a row. Measured (docs/performance.md, "The ninth round"):
-- the keys of the bench's 100k fortnight (116,812 rows) COPYed in 0.53 s of the server's CPU
-- against 0.70 s with the B-tree (0.42 s with neither). Rows without a pseudonym are not in it,
-- and no reader asks for them.
DROP INDEX privacy.message_keys_resident;
CREATE INDEX message_keys_resident ON privacy.message_keys USING hash (pseudonym);
