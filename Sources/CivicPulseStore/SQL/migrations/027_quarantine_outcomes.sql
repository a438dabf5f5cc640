-- Whether a quarantined record has since been accepted. The quarantine keeps what arrived and
-- why it was refused, and is never changed; so a record's fate is a row here, appended by the
-- ingest run of the same file that settled it: resolved when that run read the record without
-- refusing it (it was appended, or was already in the log), unresolved again when a later run
-- refused it once more. A record's state is its latest outcome; with none it is unresolved.
CREATE TABLE civicpulse.quarantine_outcomes (
    quarantine_id bigint NOT NULL REFERENCES civicpulse.quarantine (id),
    ingest_run_id bigint NOT NULL REFERENCES civicpulse.ingest_runs (id),
    resolved      boolean NOT NULL,
    settled_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (quarantine_id, ingest_run_id)
);
COMMENT ON TABLE civicpulse.quarantine_outcomes IS
    'Per quarantined record, each ingest run of its file that changed whether it is resolved (accepted since) or not.';

GRANT SELECT, INSERT ON civicpulse.quarantine_outcomes TO civicpulse_ingest;
