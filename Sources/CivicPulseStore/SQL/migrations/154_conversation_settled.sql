-- A conversation's messages at or before its cut (its last quiet point: no spell open after it),
-- but for withdrawals, kept as their places in the log instead of as rows of
-- conversation_messages. No later message changes the items they make, so the processor reads a
-- conversation from its cut (migration 024) and needs them again only when it must read the
-- conversation whole: a message older than the cut, a correction, a joined thread, an urgency
-- the topic spikes changed. Then it reads them again from the log by position
-- (ResponseProjection, docs/performance.md "Projections bounded by open conversations").
-- At 100k events 73 % of conversation_messages' rows were at or before their cut, each 475
-- bytes with its indexes; here one is 8 bytes in an array and its GIN entry.
--   positions: the messages' original positions in the log, ascending (a correction keeps the
--     position of the event it corrects, as conversation_messages' rows do).
--   urgent: those of them that were urgent as stored (the keyword, or a topic's spike when sent),
--     ascending; the spike judgement turns them over as it does conversation_messages.urgent.
-- The GIN index finds the conversation holding a message: a correction of it, its urgency
-- changed, a resident's export.
CREATE TABLE projections.conversation_settled (
    conversation_key text PRIMARY KEY,
    org              text NOT NULL,
    positions        bigint[] NOT NULL,
    urgent           bigint[] NOT NULL
);
CREATE INDEX conversation_settled_positions ON projections.conversation_settled USING gin (positions);
COMMENT ON TABLE projections.conversation_settled IS
    'Per conversation, the log positions of its messages at or before its cut (no withdrawals), which conversation_messages no longer holds.';

-- The rows already stored move now, so the projections need no rebuild.
WITH moved AS (
    DELETE FROM projections.conversation_messages m USING projections.conversation_cuts c
    WHERE m.conversation_key = c.conversation_key AND (m.occurred_at, m.event_id) <= (c.quiet_at, c.quiet_event_id)
      AND m.kind NOT IN ('delete', 'hide', 'unhide')
    RETURNING m.conversation_key, m.org, m.log_position, m.urgent
)
INSERT INTO projections.conversation_settled (conversation_key, org, positions, urgent)
SELECT conversation_key, min(org), array_agg(log_position ORDER BY log_position),
       coalesce(array_agg(log_position ORDER BY log_position) FILTER (WHERE urgent), '{}')
FROM moved GROUP BY conversation_key;
