-- The corrections of an event, which ingest folds into the stored row to tell what a new reading
-- fills (EventLog). Few rows: only corrections are indexed.
CREATE INDEX events_corrections ON civicpulse.events ((details ->> 'corrects'), position) WHERE kind = 'correction';
