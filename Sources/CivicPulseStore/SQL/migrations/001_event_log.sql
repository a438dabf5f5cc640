-- The event log: one row per normalised engagement event, append-only.
--
-- Readers must never skip an event. A global serial number alone is not enough: two
-- ingest transactions take positions 10 and 11, 11 commits first, a reader sees 11,
-- moves its checkpoint past 10, and 10 commits later, unseen. So every row also records
-- the id of the transaction that wrote it (tx_id), and readers only take rows whose
-- transaction is older than every transaction still running
-- (tx_id < pg_snapshot_xmin(pg_current_snapshot())), in (tx_id, position) order. A row
-- behind that horizon can no longer be joined by an earlier one.
CREATE SCHEMA civicpulse;

CREATE TABLE civicpulse.events (
    position        bigint GENERATED ALWAYS AS IDENTITY,
    tx_id           xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id        uuid NOT NULL,
    org             text NOT NULL,
    platform        text NOT NULL,
    source_type     text NOT NULL,
    source_id       text NOT NULL,
    channel         text NOT NULL,
    account         text NOT NULL,
    service         text NOT NULL,
    kind            text NOT NULL CHECK (kind IN (
                        'inbound_message', 'comment', 'mention', 'reply', 'post', 'share', 'reaction',
                        'metric_snapshot', 'edit', 'delete', 'hide', 'unhide', 'spike_started', 'spike_ended')),
    conversation_id text,
    parent_id       text,
    actor_hash      bytea CHECK (octet_length(actor_hash) = 32),
    actor_is_org    boolean NOT NULL,
    addressee_hash  bytea CHECK (octet_length(addressee_hash) = 32),
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    body            text,
    url             text,
    details         jsonb NOT NULL DEFAULT '{}',
    source_file     text,
    CONSTRAINT events_pkey PRIMARY KEY (position)
);

-- Re-ingesting a file appends nothing: the same platform object always has the same event_id.
CREATE UNIQUE INDEX events_event_id ON civicpulse.events (event_id);
-- The order in which readers take events.
CREATE INDEX events_tx_position ON civicpulse.events (tx_id, position);
CREATE INDEX events_org_occurred ON civicpulse.events (org, occurred_at);

CREATE FUNCTION civicpulse.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'civicpulse.events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Corrections are new events (edit, delete); history is never rewritten.';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON civicpulse.events
    FOR EACH ROW EXECUTE FUNCTION civicpulse.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON civicpulse.events
    FOR EACH STATEMENT EXECUTE FUNCTION civicpulse.refuse_change();

-- Wakes `civicpulse process --follow` when a transaction that appended events commits.
CREATE FUNCTION civicpulse.notify_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('civicpulse_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER events_notify AFTER INSERT ON civicpulse.events
    FOR EACH STATEMENT EXECUTE FUNCTION civicpulse.notify_appended();

-- Records that could not become events, with where they were and why.
CREATE TABLE civicpulse.quarantine (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_file    text NOT NULL,
    record_index   integer NOT NULL,
    record_path    text NOT NULL,
    record_id      text,
    field          text NOT NULL,
    reason         text NOT NULL,
    payload        text NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT quarantine_once UNIQUE (source_file, record_index, field)
);

-- One row per file ingested: what it was read as and what came of it.
CREATE TABLE civicpulse.ingest_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_file     text NOT NULL,
    recognised_as   text NOT NULL,
    records_read    integer NOT NULL,
    appended        integer NOT NULL,
    duplicates      integer NOT NULL,
    quarantined     integer NOT NULL,
    platform_errors integer NOT NULL,
    finished_at     timestamptz NOT NULL DEFAULT now()
);
