-- The log's append-only trigger (migration 001) lets one DELETE through: a row of the recorded
-- month civicpulse.drop_recorded_month is dropping, while it runs. As for derived events
-- (migration 029), a flag alone would not do (any session can set a custom setting), nor a check
-- of current_user alone (the role that owns the function may also ingest): both must hold.
-- UPDATE and TRUNCATE stay refused from everyone.
CREATE OR REPLACE FUNCTION civicpulse.refuse_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' THEN
        IF current_setting('civicpulse.dropping_month', true) = to_char(OLD.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-01')
           AND current_user = (SELECT pg_get_userbyid(proowner) FROM pg_proc
                               WHERE oid = 'civicpulse.drop_recorded_month(date)'::regprocedure) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'civicpulse.events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Corrections are new events (edit, delete); history is never rewritten. Whole old months go by retention.events (civicpulse retention apply).';
END
$$;
