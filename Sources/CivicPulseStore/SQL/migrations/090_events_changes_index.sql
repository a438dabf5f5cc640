-- The edits, deletions, hides and unhides of a message, by the message they name (issue 22,
-- docs/privacy.md): ingest asks, for each resident's message it stores, whether a `delete` of it
-- is already logged, and for each `delete`, which versions of its message still have a readable
-- key. Few rows: only changes are indexed.
CREATE INDEX events_changes ON civicpulse.events (platform, parent_id) WHERE kind IN ('edit', 'delete', 'hide', 'unhide');
