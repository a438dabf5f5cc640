-- The schema analysts query. Its views are repeatable files in sql/views, replaced on every
-- `civicpulse db migrate`; this migration only creates the schema they live in.
CREATE SCHEMA analytics;
COMMENT ON SCHEMA analytics IS 'Documented views for analysts (docs/analysts.md): no message text, no actor hashes.';

-- Org replies by conversation, for analytics.first_responses: without it, finding each
-- message's first answer scans every reply in the log.
CREATE INDEX events_org_replies_by_conversation ON civicpulse.events
    ((platform || ':' || coalesce(conversation_id, source_id)), occurred_at)
    WHERE kind = 'reply' AND actor_is_org;
