-- Recorded months dropped from the log under the pipeline's `retention.events` (docs/privacy.md,
-- "Dropping whole old periods of the log"). A month is a calendar month of `recorded_at` in UTC,
-- the unit a backup and an ingest run are in. Ingest reads the newest to refuse a file whose every
-- event was sent before it ended: appending it again would bring back what retention dropped.
-- Counts only: nothing here names a resident.
CREATE TABLE civicpulse.dropped_months (
    month      date PRIMARY KEY CHECK (month = date_trunc('month', month)::date),
    events     integer NOT NULL,
    dropped_at timestamptz NOT NULL DEFAULT now()
);
