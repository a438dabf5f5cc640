-- A message on topics keeps the urgency it has now beside the facts it is decided from, so that a
-- change in a topic's spikes is compared within message_topics and touches only the messages whose
-- urgency it changes (docs/performance.md): the comparison with conversation_messages scanned all
-- of that table after every change, 13 % of the server's time in a rebuild at 100k events.
-- Filled from the message's row in conversation_messages, which has always been kept in step; a
-- message without one (none is expected) takes the urgency it has of its own.
ALTER TABLE projections.message_topics ADD COLUMN urgent boolean;
UPDATE projections.message_topics m SET urgent = coalesce(
    (SELECT c.urgent FROM projections.conversation_messages c WHERE c.log_position = m.log_position), m.keyword_urgent);
ALTER TABLE projections.message_topics ALTER COLUMN urgent SET NOT NULL;
