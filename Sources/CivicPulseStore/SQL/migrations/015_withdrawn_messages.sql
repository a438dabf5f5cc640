-- Deletions and hides take part in response matching: a resident's message deleted or hidden
-- before the org answered it no longer waits for an answer (docs/response-matching.md).
-- Their rows in conversation_messages name the message they withdraw.
ALTER TABLE projections.conversation_messages ADD COLUMN target_source_id text;
ALTER TABLE projections.response_items ADD COLUMN withdrawn_messages integer NOT NULL DEFAULT 0;
