-- A settled conversation keeps an `urgent` array only when one of its settled messages is urgent:
-- NULL where it held an empty array, 16 bytes in each of its rows (about 40 MB of the 2.5M
-- settled conversations at 9.2M events, where few messages are ever urgent;
-- docs/performance.md, "Forests by id, and no empty urgent arrays").
--   urgent: the settled messages that were urgent as stored (the keyword, or a topic's spike when
--     sent), ascending; NULL when none is. The spike judgement turns them over, and sets NULL
--     again when none is left.
-- A new table, filled in order, rather than the old one updated in place: an update would leave
-- every row's old version behind until a vacuum, and a plain vacuum gives none of it back.
CREATE TABLE projections.conversation_settled_urgent_when_any (
    conversation_key text NOT NULL,
    org              text NOT NULL,
    positions        bigint[] NOT NULL,
    urgent           bigint[]
);
INSERT INTO projections.conversation_settled_urgent_when_any (conversation_key, org, positions, urgent)
SELECT conversation_key, org, positions, nullif(urgent, '{}') FROM projections.conversation_settled
ORDER BY conversation_key;

DROP TABLE projections.conversation_settled;
ALTER TABLE projections.conversation_settled_urgent_when_any RENAME TO conversation_settled;
ALTER TABLE projections.conversation_settled ADD PRIMARY KEY (conversation_key);
CREATE INDEX conversation_settled_buckets ON projections.conversation_settled USING gin (projections.position_buckets(positions));
COMMENT ON TABLE projections.conversation_settled IS
    'Per conversation, the log positions of its messages at or before its cut (no withdrawals), which conversation_messages no longer holds, and those of them urgent (NULL: none).';
