-- analytics.replies: every resident message the council answered, with its reply time on the
-- wall clock and on the service's business calendar (docs/response-matching.md, rule 7), from
-- the processor's projection: the second and later messages of an item and the items after a
-- conversation's first, not only first responses. No resident hash, conversation key or link.
CREATE OR REPLACE VIEW analytics.replies WITH (security_barrier) AS
SELECT r.message_id,
       r.item_id,
       i.org,
       i.platform,
       i.channel,
       i.account,
       i.service,
       r.sent_at,
       (r.sent_at AT TIME ZONE s.time_zone)::date AS sent_date,
       r.item_opened_at,
       i.responded_at AS replied_at,
       i.response_event_id AS reply_event_id,
       i.responder_account,
       r.reply_seconds,
       CASE WHEN r.business_reply_seconds = 0 AND s.out_of_hours_answer = 'elapsed' THEN r.reply_seconds
            ELSE r.business_reply_seconds END AS business_reply_seconds,
       r.message_id = r.item_id AS first_of_item
FROM (
    -- An answered item's first message: its reply is the item's answer (migration 158).
    SELECT org, opened_at AS item_opened_at, item_id, item_id AS message_id, opened_at AS sent_at,
           response_seconds AS reply_seconds, business_response_seconds AS business_reply_seconds
    FROM projections.response_items WHERE responded_at IS NOT NULL
    UNION ALL
    SELECT org, item_opened_at, item_id, message_id, sent_at, reply_seconds, business_reply_seconds
    FROM projections.later_replies
) r
JOIN projections.response_items i ON i.org = r.org AND i.opened_at = r.item_opened_at AND i.item_id = r.item_id
LEFT JOIN projections.org_settings s ON s.org = r.org;

COMMENT ON VIEW analytics.replies IS
    'One row per resident message the council answered, timed from that message to the answer that closed its item. docs/response-matching.md (rule 7).';
COMMENT ON COLUMN analytics.replies.message_id IS 'The resident''s message: its event id (see analytics.events).';
COMMENT ON COLUMN analytics.replies.item_id IS 'Its item (see analytics.response_items).';
COMMENT ON COLUMN analytics.replies.org IS 'The council.';
COMMENT ON COLUMN analytics.replies.platform IS 'twitter, facebook, youtube, …';
COMMENT ON COLUMN analytics.replies.channel IS 'Where the resident wrote.';
COMMENT ON COLUMN analytics.replies.account IS 'The council account written to.';
COMMENT ON COLUMN analytics.replies.service IS 'The service responsible.';
COMMENT ON COLUMN analytics.replies.sent_at IS 'When the resident sent the message (UTC instant).';
COMMENT ON COLUMN analytics.replies.sent_date IS 'That day in the council''s time zone.';
COMMENT ON COLUMN analytics.replies.item_opened_at IS 'When its item opened: sla and export replies count a period''s replies by this.';
COMMENT ON COLUMN analytics.replies.replied_at IS 'The council''s answer.';
COMMENT ON COLUMN analytics.replies.reply_event_id IS 'The event id of that answer (see analytics.events).';
COMMENT ON COLUMN analytics.replies.responder_account IS 'The council account that answered.';
COMMENT ON COLUMN analytics.replies.reply_seconds IS 'Wall-clock seconds from sent_at to replied_at, to the millisecond.';
COMMENT ON COLUMN analytics.replies.business_reply_seconds IS 'The same on the service''s business calendar in force at sent_at (working time only); an answer before the service next opened counts 0, or its reply_seconds under sla.out_of_hours_answer: elapsed (as the processor last read the pipeline), as analytics.response_items does.';
COMMENT ON COLUMN analytics.replies.first_of_item IS 'The item''s first message: its reply time is the item''s first response.';
