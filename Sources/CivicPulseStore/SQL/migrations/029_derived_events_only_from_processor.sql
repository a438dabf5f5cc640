-- Derived events (platform 'civicpulse'; kinds spike_started and spike_ended) are the processor's
-- judgements: alerts, incident reports and projections.spikes trust them. Until now any role that
-- may append to the log (civicpulse_ingest) could append one too, by INSERT or COPY, for any org,
-- and an ingest could make one from a payload's platform or a column mapping's kind column.
--
-- Now only civicpulse.append_spike_events appends them. A flag alone would not do, as any session
-- can set a custom setting; a check of current_user alone would not either, as the role that owns
-- the function (the one that migrates) may also be the one that ingests. So a derived row is let
-- in only when both hold: current_user is the function's owner (inside a SECURITY DEFINER
-- function it is, whoever called it), and the function's flag is up, as it is only while it runs.
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

-- The function's own setting: raised while it runs, restored as it returns or fails, so nothing
-- else the transaction does later passes for it.
ALTER FUNCTION civicpulse.append_spike_events(jsonb) SET civicpulse.appending_derived = 'on';
