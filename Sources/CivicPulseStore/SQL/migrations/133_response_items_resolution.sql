-- Each item's resolution, kept by the response projection as its conversation's messages come
-- (docs/calendars-and-sla.md, "Resolution"), so that sla, dashboard, report foi, export items and
-- analytics.response_items judge it from the item's row instead of reading every message of its
-- conversation at report time (docs/performance.md, issue 24):
--   resolution_at, resolution_replies: from every message known, with the quiet period the
--     processor read (projections.org_settings.resolution_quiet_period); the item is resolved at
--     an instant exactly when resolution_at + the quiet period is not after it. Null: no reply stands.
--   resolution_cut_*: the walk through the conversation up to its cut (projections.conversation_cuts),
--     from which a batch that reads the conversation from its cut goes on for the items opened
--     before it: 'waiting' (no reply stands), 'replied' (the last reply, not yet taken back) or
--     'resolved' (resolved at resolution_cut_reply_at whatever comes later), with the replies walked.
-- The rows an earlier binary wrote have none of them: the next `civicpulse process` rebuilds the
-- projections, finding the older projections version (6, Checkpoint.projectionsVersion), and
-- until then reports count the whole log as not processed.
ALTER TABLE projections.response_items
    ADD COLUMN resolution_at timestamptz,
    ADD COLUMN resolution_replies int,
    ADD COLUMN resolution_cut_stage text NOT NULL DEFAULT 'waiting' CHECK (resolution_cut_stage IN ('waiting', 'replied', 'resolved')),
    ADD COLUMN resolution_cut_reply_at timestamptz,
    ADD COLUMN resolution_cut_replies int NOT NULL DEFAULT 0;
