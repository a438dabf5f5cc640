-- Written with every message on topics and read by no statement: the event id and conversation
-- key are the conversation message's, found by log_position (docs/performance.md, "Leaner
-- projections"). The space they held is reused as the table's rows are rewritten.
ALTER TABLE projections.message_topics DROP COLUMN event_id, DROP COLUMN conversation_key;
