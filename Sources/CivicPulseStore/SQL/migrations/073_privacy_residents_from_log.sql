-- Residents seen before pseudonyms began (docs/privacy.md, "Events logged before sealing"): the
-- log holds their keyed hash itself. Each such hash becomes its own pseudonym, so their later
-- messages keep joining their earlier ones and no figure changes. `forget` still unlinks them
-- from then on; what it cannot do for those older events is written in docs/privacy.md.
INSERT INTO privacy.residents (lookup, pseudonym)
SELECT hash, hash FROM (
    SELECT actor_hash AS hash FROM civicpulse.events WHERE actor_hash IS NOT NULL
    UNION
    SELECT addressee_hash FROM civicpulse.events WHERE addressee_hash IS NOT NULL
) AS seen
ON CONFLICT DO NOTHING;
