-- Derived events (platform 'civicpulse'; kinds spike_started and spike_ended) are the processor's
-- judgements: alerts, incident reports and projections.spikes trust them. Until now any role that
-- may append to the log (civicpulse_ingest) could append one too, by INSERT or COPY, for any org,
-- and an ingest could make one from a payload's platform or a column mapping's kind column.
--
-- Now only civicpulse.append_spike_events appends them. A flag alone would not do, as any session
-- can set a custom setting; a check of current_user alone would not either, as the role that owns
-- the function (the one that migrates) may also be the one that ingests. So a derived row is let
-- in only when both hold: current_user is the function's owner, which inside the SECURITY DEFINER
-- function it is whoever calls it, and the function has raised its flag for the rows it inserts.
CREATE FUNCTION civicpulse.refuse_derived_event() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF current_setting('civicpulse.appending_derived', true) = 'on'
       AND current_user = (SELECT pg_get_userbyid(proowner) FROM pg_proc
                           WHERE oid = 'civicpulse.append_spike_events(jsonb)'::regprocedure) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'civicpulse.events: a % event of platform % (source id %) is derived by the processor; only civicpulse process appends one',
        NEW.kind, NEW.platform, NEW.source_id
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Spike events come from civicpulse.append_spike_events; a payload or mapping cannot make them.';
END
$$;

-- Row-level, so COPY is refused as INSERT is; the WHEN clause keeps it off every other row.
CREATE TRIGGER events_derived_only_from_processor BEFORE INSERT ON civicpulse.events
    FOR EACH ROW WHEN (NEW.platform = 'civicpulse' OR NEW.kind IN ('spike_started', 'spike_ended'))
    EXECUTE FUNCTION civicpulse.refuse_derived_event();

-- As migration 011's, with the flag raised around its INSERT and lowered after, so nothing else
-- the transaction does later passes for it.
CREATE OR REPLACE FUNCTION civicpulse.append_spike_events(statements jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    appended integer;
BEGIN
    PERFORM set_config('civicpulse.appending_derived', 'on', true);
    INSERT INTO civicpulse.events (event_id, org, platform, source_type, source_id, channel, account, service, kind,
                                   parent_id, actor_is_org, occurred_at, details)
    SELECT civicpulse.derived_event_id('civicpulse', s->>'kind', s->>'source_id'), s->>'org', 'civicpulse', s->>'kind',
           s->>'source_id', 'civicpulse', 'unknown', s->>'service', s->>'kind', s->>'parent_id', false,
           (s->>'occurred_at')::timestamptz, coalesce(s->'details', '{}')
    FROM jsonb_array_elements(statements) AS s
    WHERE s->>'kind' IN ('spike_started', 'spike_ended')
    ORDER BY (s->>'occurred_at')::timestamptz, s->>'source_id'
    ON CONFLICT (event_id) DO NOTHING;
    GET DIAGNOSTICS appended = ROW_COUNT;
    PERFORM set_config('civicpulse.appending_derived', 'off', true);
    RETURN appended;
END
$$;
