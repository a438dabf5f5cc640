-- analytics.first_responses: which org message first answered each inbound item, and how long
-- it took on the wall clock, computed in plain SQL straight from the event log.
--
-- An independent implementation of docs/response-matching.md (the processor's is in Swift); a
-- test holds the two equal on a large simulated data set. The rule, restated for SQL: a
-- resident's message is answered by the first org reply after it in the same conversation that
-- is addressed to that resident or to nobody in particular; the resident's messages that share
-- that answer (or share having none) form one item, timed from the first of them that was not
-- withdrawn — deleted, or hidden and not unhidden — before the answer; a group with none standing
-- is no item. Each message is taken as corrected so far: its latest correction's account,
-- service, conversation and addressee (docs/event-model.md, "Corrections"). A conversation is one
-- council's messages in it (its org beside the platform's key): two councils writing in one thread
-- never answer each other's residents.
CREATE OR REPLACE VIEW analytics.first_responses AS
WITH corrected AS (
    SELECT DISTINCT ON (details ->> 'corrects') (details ->> 'corrects')::uuid AS event_id, details ->> 'kind' AS kind,
           org, account, service, conversation_id, addressee_hash, platform, source_id, actor_is_org, occurred_at
    FROM civicpulse.events
    WHERE kind = 'correction'
    ORDER BY details ->> 'corrects', tx_id DESC, position DESC
),
messages AS (
    SELECT e.event_id, e.org, e.platform, e.channel, coalesce(c.account, e.account) AS account,
           coalesce(c.service, e.service) AS service, e.kind, e.actor_is_org, e.occurred_at,
           e.platform || ':' || coalesce(CASE WHEN c.event_id IS NULL THEN e.conversation_id ELSE c.conversation_id END, e.source_id)
               AS conversation_key,
           -- a resident we cannot identify is a resident of one message
           coalesce(e.actor_hash, uuid_send(e.event_id)) AS resident,
           CASE WHEN c.event_id IS NULL THEN e.addressee_hash ELSE c.addressee_hash END AS addressee_hash
    FROM civicpulse.events e
    LEFT JOIN corrected c ON c.event_id = e.event_id
    WHERE e.kind IN ('inbound_message', 'comment', 'reply')
),
-- The org's replies, each as corrected so far: the log's, found by their conversation through
-- events_org_replies_by_conversation, unless corrected; and the corrected ones.
replies AS (
    SELECT r.event_id, r.org, r.platform || ':' || coalesce(r.conversation_id, r.source_id) AS conversation_key,
           r.addressee_hash, r.occurred_at
    FROM civicpulse.events r
    WHERE r.kind = 'reply' AND r.actor_is_org
      AND NOT EXISTS (SELECT 1 FROM civicpulse.events k WHERE k.kind = 'correction' AND k.details ->> 'corrects' = r.event_id::text)
    UNION ALL
    SELECT c.event_id, c.org, c.platform || ':' || coalesce(c.conversation_id, c.source_id), c.addressee_hash, c.occurred_at
    FROM corrected c
    WHERE c.kind = 'reply' AND c.actor_is_org
),
changes AS (
    SELECT platform, parent_id AS target, kind, occurred_at
    FROM civicpulse.events
    WHERE kind IN ('delete', 'hide', 'unhide') AND parent_id IS NOT NULL
),
first_deletion AS (
    SELECT platform, target, min(occurred_at) AS deleted_at FROM changes WHERE kind = 'delete' GROUP BY platform, target
),
withdrawals AS (
    -- the first hide or delete after the last unhide, looking no further than the deletion
    SELECT c.platform, c.target,
           min(c.occurred_at) FILTER (
               WHERE c.kind IN ('hide', 'delete')
                 AND c.occurred_at <= coalesce(d.deleted_at, 'infinity')
                 AND c.occurred_at > coalesce((
                     SELECT max(u.occurred_at) FROM changes u
                     WHERE u.platform = c.platform AND u.target = c.target AND u.kind = 'unhide'
                       AND u.occurred_at < coalesce(d.deleted_at, 'infinity')), '-infinity')
           ) AS withdrawn_at
    FROM changes c
    LEFT JOIN first_deletion d ON d.platform = c.platform AND d.target = c.target
    GROUP BY c.platform, c.target
),
answered AS (
    SELECT m.*,
           (SELECT r.event_id
            FROM replies r
            WHERE r.conversation_key = m.conversation_key AND r.org = m.org
              AND (r.addressee_hash IS NULL OR r.addressee_hash = m.resident)
              AND (r.occurred_at, r.event_id::text) > (m.occurred_at, m.event_id::text)
            ORDER BY r.occurred_at, r.event_id::text
            LIMIT 1) AS answer_id
    FROM messages m
    WHERE NOT m.actor_is_org AND m.kind IN ('inbound_message', 'comment')
),
standing AS (
    SELECT a.*
    FROM answered a
    LEFT JOIN civicpulse.events src ON src.event_id = a.event_id
    LEFT JOIN withdrawals w ON w.platform = a.platform AND w.target = src.source_id
    LEFT JOIN civicpulse.events answer ON answer.event_id = a.answer_id
    WHERE w.withdrawn_at IS NULL OR w.withdrawn_at > answer.occurred_at
),
items AS (
    SELECT DISTINCT ON (org, conversation_key, resident, answer_id)
           event_id AS item_id, org, platform, channel, account, service, conversation_key,
           occurred_at AS opened_at, answer_id,
           count(*) OVER (PARTITION BY org, conversation_key, resident, answer_id) AS message_count
    FROM standing
    ORDER BY org, conversation_key, resident, answer_id, occurred_at, event_id::text
)
SELECT i.item_id, i.org, i.platform, i.channel, i.account, i.service, i.opened_at, i.message_count,
       i.answer_id AS response_event_id,
       r.occurred_at AS responded_at,
       r.account AS responder_account,
       extract(epoch FROM r.occurred_at - i.opened_at)::double precision AS response_seconds
FROM items i
LEFT JOIN civicpulse.events r ON r.event_id = i.answer_id;

COMMENT ON VIEW analytics.first_responses IS
    'Each inbound item (a spell of one resident waiting in one conversation), the org message that first answered it, and the wall-clock response time. Plain SQL over the event log; see docs/response-matching.md.';
