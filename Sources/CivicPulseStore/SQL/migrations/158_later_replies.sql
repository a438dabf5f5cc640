-- The replies of an item's second and later messages only: the first message's reply is the item's
-- own answer, the same instants and the same two durations (ResponseReply's first is timed from
-- the item's opening on the calendar version the verdict used), and 88 % of the reply rows at 1M
-- were such a copy (docs/performance.md, "First replies read from their item"). The readers
-- (ReplyRow.answered, MessageItemRow, analytics.replies) take an answered item's first reply from
-- the item itself.
DROP VIEW IF EXISTS analytics.replies;
ALTER TABLE projections.response_replies RENAME TO later_replies;
ALTER INDEX projections.response_replies_pkey RENAME TO later_replies_pkey;
DELETE FROM projections.later_replies WHERE message_id = item_id;
COMMENT ON TABLE projections.later_replies IS
    'Per answered item, the reply times of its resident''s second and later messages still standing; the first message''s are the item''s response times.';
