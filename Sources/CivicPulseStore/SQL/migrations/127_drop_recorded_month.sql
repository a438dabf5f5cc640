-- Drops one recorded month (UTC) of the log, with what hangs on its events (docs/privacy.md,
-- "Dropping whole old periods of the log"): their message keys; the pseudonyms of residents with
-- no event left (and their handles), as nothing is left to link; the quarantined records and
-- ingest runs of the month. Records the month in civicpulse.dropped_months and returns the counts.
--
-- The log refuses DELETE from everyone (migration 001); this function is the one door, as
-- civicpulse.append_spike_events is for derived events (migration 029): owned by the role that
-- migrates, SECURITY DEFINER, executable by no one else, and the trigger lets a row through only
-- while this function has raised its flag for that row's month (migration 128). Projections are
-- not touched here: the caller empties them in the same transaction and replays what is left, so
-- they are what `process --rebuild` gives on the remaining log.
--
-- Irreversible by design: what a council's retention period says must go, goes.
CREATE FUNCTION civicpulse.drop_recorded_month(month date)
RETURNS TABLE (events integer, keys_destroyed integer, residents_unlinked integer, quarantined integer, ingest_runs integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    first timestamptz := month::timestamp AT TIME ZONE 'UTC';
    after timestamptz := (month + interval '1 month') AT TIME ZONE 'UTC';
    hashes bytea[];
BEGIN
    IF month IS NULL OR month <> date_trunc('month', month)::date THEN
        RAISE EXCEPTION 'civicpulse.drop_recorded_month: % is not the first day of a month', month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Held off: an ingest that looked up a resident's pseudonym before it is deleted here would
    -- log a message under a pseudonym linked to nobody (as forget does, Erasure.holdOffIngests).
    LOCK TABLE privacy.residents IN SHARE MODE;
    PERFORM set_config('civicpulse.dropping_month', to_char(month, 'YYYY-MM-DD'), true);

    WITH gone AS (
        DELETE FROM civicpulse.events e WHERE e.recorded_at >= first AND e.recorded_at < after
        RETURNING e.event_id, e.actor_hash, e.addressee_hash
    ), keys AS (
        DELETE FROM privacy.message_keys k USING gone WHERE k.event_id = gone.event_id RETURNING k.key
    )
    SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM keys WHERE key IS NOT NULL),
           ARRAY(SELECT actor_hash FROM gone WHERE actor_hash IS NOT NULL
                 UNION SELECT addressee_hash FROM gone WHERE addressee_hash IS NOT NULL)
    INTO events, keys_destroyed, hashes;

    -- A statement of its own: it must see the log without the month.
    WITH unlinked AS (
        DELETE FROM privacy.residents r
        WHERE r.pseudonym = ANY(hashes)
          AND NOT EXISTS (SELECT 1 FROM civicpulse.events e WHERE e.actor_hash = r.pseudonym)
          AND NOT EXISTS (SELECT 1 FROM civicpulse.events e WHERE e.addressee_hash = r.pseudonym)
        RETURNING r.lookup
    ), handles AS (
        DELETE FROM privacy.handles h USING unlinked u WHERE h.lookup = u.lookup
    )
    SELECT count(*) FROM unlinked INTO residents_unlinked;

    DELETE FROM civicpulse.quarantine_outcomes o
    WHERE o.quarantine_id IN (SELECT q.id FROM civicpulse.quarantine q WHERE q.quarantined_at >= first AND q.quarantined_at < after)
       OR o.ingest_run_id IN (SELECT r.id FROM civicpulse.ingest_runs r WHERE r.finished_at >= first AND r.finished_at < after);
    DELETE FROM civicpulse.quarantine q WHERE q.quarantined_at >= first AND q.quarantined_at < after;
    GET DIAGNOSTICS quarantined = ROW_COUNT;
    DELETE FROM civicpulse.ingest_runs r WHERE r.finished_at >= first AND r.finished_at < after;
    GET DIAGNOSTICS ingest_runs = ROW_COUNT;

    INSERT INTO civicpulse.dropped_months AS d (month, events) VALUES (month, events)
    ON CONFLICT ON CONSTRAINT dropped_months_pkey DO UPDATE SET events = d.events + excluded.events, dropped_at = now();
    RETURN NEXT;
END
$$;

-- The flag is the function's own: restored as it returns or fails, so nothing else the
-- transaction does later passes for it.
ALTER FUNCTION civicpulse.drop_recorded_month(date) SET civicpulse.dropping_month = '';
REVOKE ALL ON FUNCTION civicpulse.drop_recorded_month(date) FROM PUBLIC;
