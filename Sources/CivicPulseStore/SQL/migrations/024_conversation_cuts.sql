-- Where each conversation can be cut: its last message after which no resident waits for an
-- answer (docs/response-matching.md). A batch that brings only later messages reads and rewrites
-- the conversation from there instead of from its first message: a Messenger thread lasts for
-- years, and at 9.2M events a batch read back 0.62 earlier messages per message (0.16 at 1M).
CREATE TABLE projections.conversation_cuts (
    conversation_key text PRIMARY KEY,
    quiet_at         timestamptz NOT NULL,
    quiet_event_id   uuid NOT NULL
);
COMMENT ON TABLE projections.conversation_cuts IS
    'Per conversation, its last message (time, event id) after which no spell is open; the processor reads the conversation from there when new messages all come later.';

-- Messages of a conversation from a point in time, in the matcher's order.
CREATE INDEX conversation_messages_key_time ON projections.conversation_messages (conversation_key, occurred_at, event_id);
DROP INDEX projections.conversation_messages_key;
