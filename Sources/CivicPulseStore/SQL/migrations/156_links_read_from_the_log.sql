-- No projection keeps a message's platform id or link: a report reads them from the log when it
-- lists an item (MessageLinks), opening the link with the message's key. An erasure then has no
-- copy to clear (docs/privacy.md), and a response item's row is about 97 bytes shorter
-- (docs/performance.md, "Links read from the log"). The space is reused as the rows are
-- rewritten; a rebuild rewrites them all.
ALTER TABLE projections.response_items DROP COLUMN source_id, DROP COLUMN url;
ALTER TABLE projections.conversation_messages DROP COLUMN url;
