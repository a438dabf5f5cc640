-- A correction: a later reading of an event filled what the log's copy left unknown (its account
-- and service, thread, parent or addressee), and ingest appended the event as now known, naming
-- the one it corrects in details.corrects (docs/event-model.md, "Corrections"). The log stays
-- append-only; the processor's view of an event is the event as corrected so far.
ALTER TABLE civicpulse.events DROP CONSTRAINT events_kind_check;
ALTER TABLE civicpulse.events ADD CONSTRAINT events_kind_check CHECK (kind IN (
    'inbound_message', 'comment', 'mention', 'reply', 'post', 'share', 'reaction',
    'metric_snapshot', 'edit', 'delete', 'hide', 'unhide', 'spike_started', 'spike_ended', 'correction'));
