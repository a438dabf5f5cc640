-- The processor appends its spike_started / spike_ended events through this function and nothing
-- else, so a processor role needs no INSERT right on the log (docs/emergencies.md): the function
-- writes only events of platform 'civicpulse' and a spike kind, derives their ids itself from
-- (platform, kind, source id) exactly as EventID.derive does, and ignores ids already in the log.
-- Each element of `statements`: {org, kind, source_id, service, parent_id, occurred_at, details}.
CREATE FUNCTION civicpulse.append_spike_events(statements jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    appended integer;
BEGIN
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
    RETURN appended;
END
$$;

-- UUID v8 from the first 128 bits of SHA-256('civicpulse-event-v1' NUL platform NUL type NUL id NUL).
CREATE FUNCTION civicpulse.derived_event_id(platform text, source_type text, source_id text) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
DECLARE
    bytes bytea := substring(sha256(
        convert_to('civicpulse-event-v1', 'UTF8') || '\x00'::bytea || convert_to(platform, 'UTF8') || '\x00'::bytea
        || convert_to(source_type, 'UTF8') || '\x00'::bytea || convert_to(source_id, 'UTF8') || '\x00'::bytea) FROM 1 FOR 16);
BEGIN
    bytes := set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 128);
    bytes := set_byte(bytes, 8, (get_byte(bytes, 8) & 63) | 128);
    RETURN encode(bytes, 'hex')::uuid;
END
$$;

REVOKE ALL ON FUNCTION civicpulse.append_spike_events(jsonb) FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'civicpulse_processor') THEN
        GRANT EXECUTE ON FUNCTION civicpulse.append_spike_events(jsonb) TO civicpulse_processor;
    END IF;
END
$$;
