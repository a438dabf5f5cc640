-- analytics.events: the event log without what could identify a resident: no message text, no
-- actor or addressee hashes, no conversation or parent ids (a Messenger thread id holds part of
-- a resident's hash), no raw details; residents' platform ids and permalinks are withheld, the
-- org's own are kept. A security barrier, so no function in an analyst's WHERE clause sees a
-- withheld value before the view has masked it. Each event is shown as corrected so far: a later
-- reading that named its account gives its account and service (docs/event-model.md,
-- "Corrections"); the corrections themselves are not events of their own here.
CREATE OR REPLACE VIEW analytics.events WITH (security_barrier) AS
SELECT e.position,
       e.event_id,
       e.org,
       e.platform,
       e.source_type,
       e.channel,
       coalesce(c.account, e.account) AS account,
       coalesce(c.service, e.service) AS service,
       e.kind,
       e.actor_is_org,
       e.occurred_at,
       (e.occurred_at AT TIME ZONE s.time_zone)::date AS local_date,
       e.recorded_at,
       CASE WHEN e.actor_is_org OR e.kind = 'metric_snapshot' THEN e.source_id END AS source_id,
       CASE WHEN e.actor_is_org OR e.kind = 'metric_snapshot' THEN e.url END AS url,
       e.body IS NOT NULL AS has_text,
       CASE WHEN jsonb_typeof(e.details -> 'topics') = 'array'
            THEN ARRAY(SELECT jsonb_array_elements_text(e.details -> 'topics'))
            ELSE '{}'::text[] END AS topics,
       e.details ->> 'lang' AS lang,
       e.details ->> 'reaction_type' AS reaction_type,
       CASE WHEN e.kind = 'metric_snapshot' THEN e.details ->> 'metric' END AS metric,
       CASE WHEN e.kind = 'metric_snapshot' THEN e.details ->> 'period' END AS metric_period,
       CASE WHEN e.kind = 'metric_snapshot' AND jsonb_typeof(e.details -> 'value') = 'number'
            THEN (e.details ->> 'value')::double precision END AS metric_value,
       CASE WHEN e.kind = 'metric_snapshot' THEN e.details ->> 'object_id' END AS metric_object_id
FROM civicpulse.events e
LEFT JOIN (SELECT DISTINCT ON (details ->> 'corrects') details ->> 'corrects' AS corrects, account, service
           FROM civicpulse.events WHERE kind = 'correction'
           ORDER BY details ->> 'corrects', tx_id DESC, position DESC) c ON c.corrects = e.event_id::text
LEFT JOIN projections.org_settings s ON s.org = e.org
WHERE e.kind <> 'correction';

COMMENT ON VIEW analytics.events IS
    'One row per event in the log, without message text, actor hashes, conversation ids or raw details; residents'' platform ids and links withheld. docs/analysts.md.';
COMMENT ON COLUMN analytics.events.position IS 'Order of appending to the log.';
COMMENT ON COLUMN analytics.events.event_id IS 'Stable id of the event (derived from platform, object type and id).';
COMMENT ON COLUMN analytics.events.org IS 'The council.';
COMMENT ON COLUMN analytics.events.platform IS 'Where the payload came from: twitter, facebook, youtube, …';
COMMENT ON COLUMN analytics.events.source_type IS 'The platform''s object type: tweet, comment, page_insight:<metric>, …';
COMMENT ON COLUMN analytics.events.channel IS 'Where residents see it: twitter, facebook, youtube, …';
COMMENT ON COLUMN analytics.events.account IS 'The council account concerned (an id from the pipeline), or unknown.';
COMMENT ON COLUMN analytics.events.service IS 'The service it is attributed to; unassigned when no routing rule matched.';
COMMENT ON COLUMN analytics.events.kind IS 'inbound_message, comment, mention, reply, post, share, reaction, metric_snapshot, edit, delete, hide, unhide.';
COMMENT ON COLUMN analytics.events.actor_is_org IS 'Whether one of the council''s accounts did it.';
COMMENT ON COLUMN analytics.events.occurred_at IS 'When it happened (UTC instant).';
COMMENT ON COLUMN analytics.events.local_date IS 'The day it happened in the council''s time zone (null until the processor has run).';
COMMENT ON COLUMN analytics.events.recorded_at IS 'When it was appended to the log.';
COMMENT ON COLUMN analytics.events.source_id IS 'The platform''s id for the council''s own messages and for metric snapshots; null for residents'' messages.';
COMMENT ON COLUMN analytics.events.url IS 'Permalink of the council''s own messages; null for residents''.';
COMMENT ON COLUMN analytics.events.has_text IS 'Whether the message has text (the text itself is not exposed).';
COMMENT ON COLUMN analytics.events.topics IS 'Listening topics the message was tagged with (pipeline topics).';
COMMENT ON COLUMN analytics.events.lang IS 'Language the platform detected, when it says.';
COMMENT ON COLUMN analytics.events.reaction_type IS 'like, love, … for reactions, when the platform says.';
COMMENT ON COLUMN analytics.events.metric IS 'For metric snapshots: the platform''s metric name (page_impressions_unique, view_count, …).';
COMMENT ON COLUMN analytics.events.metric_period IS 'For metric snapshots: day, week, days_28, lifetime, or null.';
COMMENT ON COLUMN analytics.events.metric_value IS 'For metric snapshots: the number.';
COMMENT ON COLUMN analytics.events.metric_object_id IS 'For metric snapshots: the Page, post, channel or video it measures.';
