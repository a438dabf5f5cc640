-- Conversations long silent settle whole (ResponseRows.settleSilent, docs/performance.md
-- "Silent conversations settle whole"). Migration 154 settled a conversation's messages up to its
-- cut, but a question never answered has no cut after it, so its conversation stayed in
-- conversation_messages for good: at 1M events most of the rows left were such. Now a
-- conversation whose stored messages all come four weeks or more before the newest message of its
-- council the processor has recorded settles whole, withdrawals too, and loses its cut, so that
-- the next message reads it whole from the log.
--   newest_at: the newest time of a conversational message (a resident's message, a reply, a
--     withdrawal) of the council the processor has recorded, as the log first tells it; it never
--     moves back, so what settles depends on the log processed, not on the batches.
CREATE TABLE projections.conversation_horizons (
    org       text PRIMARY KEY,
    newest_at timestamptz NOT NULL
);
COMMENT ON TABLE projections.conversation_horizons IS
    'Per council, the newest conversational message processed: conversations silent four weeks before it settle whole.';

-- Finds the silent conversations: the stored messages before a council's horizon less four weeks.
CREATE INDEX conversation_messages_org_time ON projections.conversation_messages (org, occurred_at);

-- The horizons of the log processed so far, so that a rebuild and the projections migrated here
-- settle the same conversations. The conversations already silent settle when `process` next
-- runs: every catch-up ends by settling them, also one that found no new event.
INSERT INTO projections.conversation_horizons (org, newest_at)
SELECT councils.org, newest.occurred_at
FROM (SELECT org FROM projections.conversation_messages UNION SELECT org FROM projections.conversation_settled) councils
CROSS JOIN projections.checkpoints c
CROSS JOIN LATERAL (
    SELECT e.occurred_at FROM civicpulse.events e
    WHERE e.org = councils.org AND e.kind IN ('inbound_message', 'comment', 'reply', 'delete', 'hide', 'unhide')
      AND (e.tx_id, e.position) <= (c.tx_id, c.position)
    ORDER BY e.occurred_at DESC LIMIT 1
) newest
WHERE c.name = 'responses';
