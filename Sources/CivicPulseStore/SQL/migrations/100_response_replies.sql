-- Every reply, not only an item's first (docs/response-matching.md, rule 7): one row per resident
-- message still standing in an answered item, timed to the answer that closed the item. The
-- answer, service and channel are the item's (projections.response_items), so a row holds only
-- what differs per message. Keyed like the items, by (org, item opened, item): the processor
-- deletes an item's replies with the item, and reports read a period's replies beside its items
-- by the same key; new rows go to the right-hand edge of the index, as the items' do (023).
-- A database migrated with items already in it has no replies until the processor fills them
-- (a reply's business time needs the pipeline's calendars, which SQL does not have): the next
-- `civicpulse process` rebuilds, finding the older projections version (migration 115).
CREATE TABLE projections.response_replies (
    org                    text NOT NULL,
    item_opened_at         timestamptz NOT NULL,
    item_id                uuid NOT NULL,
    message_id             uuid NOT NULL,
    sent_at                timestamptz NOT NULL,
    reply_seconds          double precision NOT NULL,
    business_reply_seconds double precision NOT NULL,
    PRIMARY KEY (org, item_opened_at, item_id, message_id)
);
COMMENT ON TABLE projections.response_replies IS
    'One row per resident message the council answered, with its reply time on the wall clock and the business clock.';
